/**
 * The run worker's body: runs one plan through the engine on a worker thread and reports
 * progress, the result or the error to the thread that started it. The engine's runners are
 * synchronous; running them here keeps that thread free (the CLI draws its progress line and
 * answers Ctrl-C, the extension host stays responsive). The filters of a particle-learning plan
 * run side by side on a pool of threads started from here (then the held-out predictive of those
 * that weigh, in pieces); each reads the request's stop flag,
 * so a cancellation stops all of them at their next progress point and the worker then answers
 * with the cancellation, its pool closed.
 */
import { availableParallelism } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { runPlan } from '../run-plan.js';
import { serializeRunError } from '../run-error.js';
import type { RunResult } from '../result/types.js';
import { ChainPool } from './chain-pool.js';
import { poolChainRunner } from './pool-runner.js';
import { poolPays } from './pool-pays.js';
import { poolRestartScreener } from './em-restart-runner.js';
import { poolHeldOutScorer } from './held-out-scorer.js';
import { anyStopRequested } from './stop-flag.js';
import type { FromRunWorker, RunRequest } from './run-worker-messages.js';

/** Answers the first run request on `port`; `chainWorkerFile` is the pool's worker bundle. */
export function serveRunWorker(port: MessagePort, chainWorkerFile: string): void {
    const send = (message: FromRunWorker) => port.postMessage(message);
    port.once('message', (request: RunRequest) => {
        if (request?.type !== 'run') return;
        run(request, chainWorkerFile, send).then(
            result => {
                // The full traces' one buffer is moved, not copied: it may be most of the run's memory.
                const values = result.algorithm === 'particle-learning' ? result.diagnostics.full?.values : undefined;
                port.postMessage(
                    { type: 'result', result } satisfies FromRunWorker,
                    values ? [values.buffer as ArrayBuffer] : []
                );
            },
            (error: unknown) => send({ type: 'error', error: serializeRunError(error) })
        );
    });
}

/** The run, with its filters on a pool when two or more of them can run at once. */
async function run(
    request: RunRequest,
    workerFile: string,
    send: (message: FromRunWorker) => void
): Promise<RunResult> {
    const { plan, stop, progressIntervalMs, fullTraces, heldOutPoints } = request;
    const threads = request.jobs ?? availableParallelism();
    const pool = poolPays(plan, threads) ? new ChainPool({ workerFile, threads }) : undefined;
    try {
        return await runPlan(
            plan,
            {
                progressIntervalMs,
                fullTraces,
                onProgress: progress => send({ type: 'progress', progress }),
                shouldStop: anyStopRequested([stop])
            },
            {
                runner: pool && poolChainRunner(pool, { stop, progressIntervalMs, fullTraces }),
                screener: pool && poolRestartScreener(pool, { stop }),
                heldOutScorer: pool && poolHeldOutScorer(pool, { stop }),
                heldOutPoints
            }
        );
    } finally {
        await pool?.close();
    }
}
