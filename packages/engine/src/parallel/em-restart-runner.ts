/**
 * A RestartScreener on a ChainPool: every EM start of the plan is one pool task, screened side
 * by side as threads allow, put back in start order; each is a function of the plan and its
 * index, so the fit equals runEm's bit for bit.
 */
import { randomUUID } from 'node:crypto';
import type { RestartScreener } from '../hmoe/run-em.js';
import { deserializeRunError } from '../run-error.js';
import type { ChainPool } from './chain-pool.js';
import { allSettledInOrder } from './settled.js';
import { newStopFlag, requestStop } from './stop-flag.js';

export function poolRestartScreener(pool: ChainPool, options: { stop?: SharedArrayBuffer } = {}): RestartScreener {
    return async (plan, restarts) => {
        const abandon = newStopFlag();
        const stops = options.stop ? [options.stop, abandon] : [abandon];
        const runId = randomUUID();
        const runs = restarts.map(restart =>
            pool
                .runRestart({ runId, plan, restart, stops })
                .then(reply => {
                    if ('error' in reply) throw deserializeRunError(reply.error);
                    return reply.fit;
                })
                .catch((error: unknown) => {
                    requestStop(abandon);
                    throw error;
                })
        );
        return allSettledInOrder(runs);
    };
}
