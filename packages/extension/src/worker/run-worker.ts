/**
 * The run worker: a worker thread that runs one plan through the engine and reports back.
 * The engine's runners are synchronous, so they must not run on the extension host's thread.
 * The filters of a particle-learning plan run side by side on a pool of threads started from
 * here, one per core at most. Cancel terminates this thread, and Node ends the pool's threads
 * with it, so the pool needs no stop flag of its own.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { runPlan, type ExecutionPlan, type RunResult } from '@moe-studio/engine';
import { ChainPool, poolChainRunner, poolPays, poolRestartScreener } from '@moe-studio/engine/parallel';
import { serializeRunError } from '../shared/worker-messages.js';
import type { FromWorkerMessage, ToWorkerMessage } from '../shared/worker-messages.js';

const port = parentPort;
if (!port) throw new Error('run-worker must be started as a worker thread');

function send(message: FromWorkerMessage): void {
    port!.postMessage(message);
}

/** The run, with its filters on a pool (out/worker/chain-worker.cjs) when two or more can run at once. */
async function run(plan: ExecutionPlan, progressIntervalMs: number): Promise<RunResult> {
    const threads = availableParallelism();
    const pool = poolPays(plan, threads) ? new ChainPool({ workerFile: join(__dirname, 'chain-worker.cjs'), threads }) : undefined;
    try {
        return await runPlan(plan, {
            progressIntervalMs,
            onProgress: progress => send({ type: 'progress', progress })
        }, { runner: pool && poolChainRunner(pool, { progressIntervalMs }), screener: pool && poolRestartScreener(pool) });
    } finally {
        void pool?.close();
    }
}

port.once('message', (message: ToWorkerMessage) => {
    if (message.type !== 'run') return;
    run(message.plan, message.progressIntervalMs).then(
        result => send({ type: 'result', result }),
        (error: unknown) => send({ type: 'error', error: serializeRunError(error) })
    );
});
