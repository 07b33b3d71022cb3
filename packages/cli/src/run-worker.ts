/**
 * Worker thread of `moe run`: runs one plan through the engine and reports progress, the result
 * or the error to the main thread. The engine's runners are synchronous; running them here keeps
 * the main thread free to draw the progress line and to answer Ctrl-C.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runPlan, serializeRunError } from '@moe-studio/engine';
import type { RunWorkerData, FromRunWorker } from './commands/run/run-in-worker.js';

const port = parentPort;
if (!port) throw new Error('run-worker must be started as a worker thread');
const { plan, stop } = workerData as RunWorkerData;
const stopFlag = new Int32Array(stop);
const send = (message: FromRunWorker) => port.postMessage(message);

runPlan(plan, {
    onProgress: progress => send({ type: 'progress', progress }),
    shouldStop: () => Atomics.load(stopFlag, 0) === 1
}).then(
    result => send({ type: 'result', result }),
    (error: unknown) => send({ type: 'error', error: serializeRunError(error) })
);
