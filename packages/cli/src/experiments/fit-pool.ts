/**
 * Runs an experiment's independent fits (fit-tasks.ts) on a pool of `jobs` threads,
 * or on this thread when `jobs` is 1 (as the tests do, from source). At most `jobs` fits are in
 * flight, so Ctrl-C (the abort signal) stops new ones at once and waits only for those running.
 * Results come back in the tasks' order; a stopped run returns the finished prefix's results and
 * any later ones that had finished, in order. Each fit depends only on its task, so the results
 * do not depend on `jobs`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '@moe-studio/engine/parallel';
import { FIT_TASKS, type FitTaskKind } from './fit-tasks.js';

type TaskOf<K extends FitTaskKind> = Parameters<(typeof FIT_TASKS)[K]>[0];
type ResultOf<K extends FitTaskKind> = Awaited<ReturnType<(typeof FIT_TASKS)[K]>>;

export interface FitPoolOptions<R> {
    jobs: number;
    signal: AbortSignal;
    /** Called as each fit finishes (in finishing order), with how many have finished. */
    onDone?(result: R, done: number): void;
}

/** The bundled worker next to the CLI bundle (dist/), also when this module runs from source. */
function experimentWorkerPath(): string {
    const candidates = [
        join(__dirname, 'experiment-worker.cjs'),
        join(__dirname, '..', '..', 'dist', 'experiment-worker.cjs')
    ];
    return candidates.find(existsSync) ?? candidates[0]!;
}

const yieldToEventLoop = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

export async function runFitTasks<K extends FitTaskKind>(
    kind: K,
    tasks: ReadonlyArray<TaskOf<K>>,
    options: FitPoolOptions<ResultOf<K>>
): Promise<{ results: Array<ResultOf<K>>; stopped: boolean }> {
    const slots: Array<ResultOf<K> | undefined> = new Array(tasks.length);
    let done = 0;
    const finish = (i: number, result: ResultOf<K>) => {
        slots[i] = result;
        options.onDone?.(result, ++done);
    };
    if (options.jobs <= 1) {
        const run = FIT_TASKS[kind] as (task: TaskOf<K>) => ResultOf<K> | Promise<ResultOf<K>>;
        for (let i = 0; i < tasks.length && !options.signal.aborted; i++) {
            finish(i, await run(tasks[i]!));
            // Fits are synchronous: yield so Ctrl-C (the abort signal) is seen between them.
            await yieldToEventLoop();
        }
    } else {
        const pool = new WorkerPool<TaskOf<K>, ResultOf<K>>({
            workerFile: experimentWorkerPath(),
            what: 'experiment worker',
            threads: options.jobs
        });
        try {
            let next = 0;
            const lane = async (): Promise<void> => {
                while (next < tasks.length && !options.signal.aborted) {
                    const i = next++;
                    finish(i, await pool.runExport<TaskOf<K>, ResultOf<K>>(kind, tasks[i]!));
                }
            };
            await Promise.all(Array.from({ length: Math.min(options.jobs, tasks.length) }, lane));
        } finally {
            await pool.close();
        }
    }
    return { results: slots.filter((r): r is ResultOf<K> => r !== undefined), stopped: done < tasks.length };
}
