/**
 * The run worker: a worker thread that runs one plan through the engine and reports back.
 * The engine's runners are synchronous, so they must not run on the extension host's thread.
 */
import { parentPort } from 'node:worker_threads';
import { runPlan } from '@moe-studio/engine';
import { serializeRunError } from '../shared/worker-messages.js';
import type { FromWorkerMessage, ToWorkerMessage } from '../shared/worker-messages.js';

const port = parentPort;
if (!port) throw new Error('run-worker must be started as a worker thread');

function send(message: FromWorkerMessage): void {
    port!.postMessage(message);
}

port.once('message', (message: ToWorkerMessage) => {
    if (message.type !== 'run') return;
    runPlan(message.plan, {
        progressIntervalMs: message.progressIntervalMs,
        onProgress: progress => send({ type: 'progress', progress })
    }).then(
        result => send({ type: 'result', result }),
        (error: unknown) => send({ type: 'error', error: serializeRunError(error) })
    );
});
