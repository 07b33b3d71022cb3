/**
 * A ChainRunner on a ChainPool: every filter of the plan is one pool task, run side by side as
 * threads allow. Each filter is a function of the plan and its index, so the outputs, put back
 * in filter order, are those of running the filters one after another, bit for bit.
 */
import { randomUUID } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ExecutionPlan } from '../plan/types.js';
import type { ChainOutput } from '../pl/chain.js';
import type { ChainRunner } from '../pl/run-particle-learning.js';
import { deserializeRunError } from '../run-error.js';
import type { ChainPool } from './chain-pool.js';
import type { ChainProgressMessage } from './messages.js';
import { allSettledInOrder } from './settled.js';
import { newStopFlag, requestStop } from './stop-flag.js';

export interface PoolRunnerOptions {
    /**
     * The caller's stop flag (stop-flag.ts): once set, every filter stops at its next progress
     * point and the run rejects with CancelledError. The flag itself is shared, not polled, so
     * a filter on a pool thread sees it as soon as the filter on this thread would.
     */
    stop?: SharedArrayBuffer;
    /** At most this often (ms) each filter reports progress; default 100. */
    progressIntervalMs?: number;
    /** Keep every filter's full traces too (RunHooks.fullTraces). */
    fullTraces?: boolean;
}

export function poolChainRunner(pool: ChainPool, options: PoolRunnerOptions = {}): ChainRunner {
    return async (plan, chains, onProgress) => {
        // Set when one filter fails, so the others stop early instead of finishing for nothing.
        const abandon = newStopFlag();
        const stops = options.stop ? [options.stop, abandon] : [abandon];
        const runId = randomUUID();
        const progressIntervalMs = options.progressIntervalMs ?? 100;
        const runs = chains.map(chain =>
            runOnPool(
                pool,
                plan,
                chain,
                { runId, stops, progressIntervalMs, fullTraces: options.fullTraces },
                onProgress
            ).catch((error: unknown) => {
                requestStop(abandon);
                throw error;
            })
        );
        return allSettledInOrder(runs);
    };
}

interface TaskSettings {
    runId: string;
    stops: SharedArrayBuffer[];
    progressIntervalMs: number;
    fullTraces?: boolean;
}

/** One filter on the pool, its progress forwarded as (chain, done, ess). */
async function runOnPool(
    pool: ChainPool,
    plan: ExecutionPlan,
    chain: number,
    settings: TaskSettings,
    onProgress: (chain: number, done: number, ess: number) => void
): Promise<ChainOutput> {
    const { port1, port2 } = new MessageChannel();
    const forward = (m: ChainProgressMessage) => onProgress(chain, m.done, m.ess);
    port1.on('message', forward);
    try {
        const reply = await pool.run({ plan, chain, ...settings, port: port2 });
        // The reply came on another channel and may overtake the last progress messages; they
        // are already queued on this port, so read them now rather than after the result.
        drain(port1, forward);
        if (reply.error) throw deserializeRunError(reply.error);
        return reply.output;
    } finally {
        port1.close();
    }
}

function drain(port: MessagePort, handle: (m: ChainProgressMessage) => void): void {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port))
        handle(m.message as ChainProgressMessage);
}
