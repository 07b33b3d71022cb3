/**
 * Runs a sweep's tasks on this machine, one after another on the run worker (each task's
 * filters share the worker's thread pool), reusing stored results and storing new ones as soon
 * as they finish, so an interrupted sweep resumes where it stopped.
 */
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

export async function runTasksLocally(tasks: readonly SweepTask[], options: LocalRunOptions): Promise<TaskRunOutcome> {
    const { folder, progress } = options;
    const completed: CompletedTask[] = [];
    let current: ReturnType<typeof runInWorker> | undefined;
    let interrupts = 0;
    const onInterrupt = () => {
        interrupts++;
        if (interrupts === 1) current?.cancel();
        else void current?.terminate();
    };
    process.on('SIGINT', onInterrupt);
    try {
        for (const [index, task] of tasks.entries()) {
            if (interrupts > 0) break;
            const lookup = await readStored(folder, task.hash);
            if (lookup.kind === 'found') {
                completed.push({ task, result: lookup.stored.result, status: 'reused' });
                continue;
            }
            if (lookup.kind === 'corrupt') {
                progress?.clear();
                process.stderr.write(`moe: warning: ${displayPath(resultPath(folder, task.hash))}: ${lookup.reason}; recomputing (${task.label} seed=${task.seed})\n`);
            }
            if (progress) progress.label = `task ${index + 1}/${tasks.length} ${task.label} seed=${task.seed} `;
            current = runInWorker(task.plan, progress ? p => progress.update(p) : undefined, options.jobs);
            let result;
            try {
                result = await current.result;
            } catch (error) {
                progress?.clear();
                if (error instanceof CancelledError || interrupts > 0) break;
                const failure = taskFailureMessage(task, options.shownModel, error);
                if (failure === undefined) throw error;
                return { completed, interrupted: false, failure };
            }
            await writeStored(folder, { hash: task.hash, setting: task.setting, seed: task.seed, plan: task.plan, data: task.data, result });
            completed.push({ task, result, status: lookup.kind === 'corrupt' ? 'recomputed' : 'computed' });
        }
    } finally {
        process.off('SIGINT', onInterrupt);
        progress?.clear();
    }
    return { completed, interrupted: interrupts > 0 };
}
