/**
 * Runs a sweep's tasks on this machine on run workers: as many tasks at once as the threads
 * allow after each task's filters have theirs (a sweep of one-filter plans on 2 threads runs 2
 * tasks at a time), reusing stored results and storing new ones as soon as they finish, so an
 * interrupted sweep resumes where it stopped. Each task is a function of its plan alone, so the
 * results do not depend on how many ran at once.
 */
import { availableParallelism } from 'node:os';
import { CancelledError } from '@moe-studio/engine';
import { displayPath } from '../commands/run/load-plan.js';
import type { ProgressLine } from '../commands/run/progress-line.js';
import { runInWorker } from '../commands/run/run-in-worker.js';
import { taskFailureMessage, type CompletedTask } from './completed-task.js';
import { readStored, resultPath, writeStored } from './result-store.js';
import type { SweepTask } from './task-set.js';

export interface TaskRunOutcome {
    completed: CompletedTask[];
    /** Ctrl-C stopped the run; `completed` holds what finished. */
    interrupted: boolean;
    /** The message of the task that failed (the run stopped there), if any. */
    failure?: string;
}

export interface LocalRunOptions {
    folder: string;
    shownModel: string;
    jobs?: number;
    progress?: ProgressLine;
}

/** Tasks at once and threads each: whole tasks side by side when their filters leave threads idle. */
export function taskConcurrency(
    tasks: readonly SweepTask[],
    threads: number
): { concurrent: number; threadsEach: number } {
    const filters = Math.max(
        1,
        ...tasks.map(t => (t.plan.inference.algorithm === 'particle-learning' ? t.plan.inference.chains : 1))
    );
    const concurrent = Math.max(1, Math.min(tasks.length, Math.floor(threads / filters)));
    return { concurrent, threadsEach: Math.max(1, Math.floor(threads / concurrent)) };
}

export async function runTasksLocally(tasks: readonly SweepTask[], options: LocalRunOptions): Promise<TaskRunOutcome> {
    const { folder, progress } = options;
    const { concurrent, threadsEach } = taskConcurrency(tasks, options.jobs ?? availableParallelism());
    const completed: CompletedTask[] = [];
    const running = new Set<ReturnType<typeof runInWorker>>();
    let interrupts = 0;
    let failure: string | undefined;
    const onInterrupt = () => {
        interrupts++;
        for (const run of running) {
            if (interrupts === 1) run.cancel();
            else void run.terminate();
        }
    };
    process.on('SIGINT', onInterrupt);
    let next = 0;
    let started = 0;
    const stopped = () => interrupts > 0 || failure !== undefined;
    // Each lane takes the next task when it finishes one; results do not depend on the order.
    const lane = async (): Promise<void> => {
        while (!stopped() && next < tasks.length) {
            const task = tasks[next++]!;
            const lookup = await readStored(folder, task.hash);
            if (lookup.kind === 'found') {
                completed.push({ task, result: lookup.stored.result, status: 'reused' });
                continue;
            }
            if (lookup.kind === 'corrupt') {
                progress?.clear();
                process.stderr.write(
                    `moe: warning: ${displayPath(resultPath(folder, task.hash))}: ${lookup.reason}; recomputing (${task.label} seed=${task.seed})\n`
                );
            }
            started++;
            if (progress)
                progress.label = `task ${started + completed.length}/${tasks.length} ${task.label} seed=${task.seed} `;
            const run = runInWorker(task.plan, progress && concurrent === 1 ? p => progress.update(p) : undefined, {
                jobs: threadsEach
            });
            running.add(run);
            let result;
            try {
                result = await run.result;
            } catch (error) {
                progress?.clear();
                if (error instanceof CancelledError || interrupts > 0) return;
                const message = taskFailureMessage(task, options.shownModel, error);
                if (message === undefined) throw error;
                failure ??= message;
                for (const other of running) other.cancel();
                return;
            } finally {
                running.delete(run);
            }
            await writeStored(folder, {
                hash: task.hash,
                setting: task.setting,
                seed: task.seed,
                plan: task.plan,
                data: task.data,
                result
            });
            completed.push({ task, result, status: lookup.kind === 'corrupt' ? 'recomputed' : 'computed' });
            if (progress && concurrent > 1) progress.count(completed.length, tasks.length, 'tasks', process.uptime());
        }
    };
    try {
        await Promise.all(Array.from({ length: concurrent }, lane));
    } finally {
        process.off('SIGINT', onInterrupt);
        progress?.clear();
    }
    return { completed, interrupted: interrupts > 0, failure };
}
