/**
 * Worker thread of `moe run`: runs one plan through the engine and reports progress, the result
 * or the error to the main thread. The engine's runners are synchronous; running them here keeps
 * the main thread free to draw the progress line and to answer Ctrl-C. The filters of a
 * particle-learning plan run side by side on a pool of threads started from here; each filter
 * reads the same stop flag as this thread, so Ctrl-C stops all of them at their next progress point.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runPlan, serializeRunError, type RunResult } from '@moe-studio/engine';
import { ChainPool, poolChainRunner, poolPays, poolRestartScreener } from '@moe-studio/engine/parallel';
import { chainWorkerPath, type RunWorkerData, type FromRunWorker } from './commands/run/run-in-worker.js';

const port = parentPort;
if (!port) throw new Error('run-worker must be started as a worker thread');
const { plan, stop, jobs, heldOutPoints } = workerData as RunWorkerData;
const stopFlag = new Int32Array(stop);
const send = (message: FromRunWorker) => port.postMessage(message);

/** The run, with its filters on a pool when two or more of them can run at once. */
async function run(): Promise<RunResult> {
    const threads = jobs ?? availableParallelism();
    const pool = poolPays(plan, threads) ? new ChainPool({ workerFile: chainWorkerPath(), threads }) : undefined;
    try {
        return await runPlan(plan, {
            onProgress: progress => send({ type: 'progress', progress }),
            shouldStop: () => Atomics.load(stopFlag, 0) === 1
        }, { runner: pool && poolChainRunner(pool, { stop }), screener: pool && poolRestartScreener(pool, { stop }), heldOutPoints });
    } finally {
        void pool?.close();
    }
}

run().then(
    result => send({ type: 'result', result }),
    (error: unknown) => send({ type: 'error', error: serializeRunError(error) })
);
