import type { ExecutionPlan } from '../plan/types.js';

/**
 * Whether a pool of `threads` threads would run two filters (or two EM starts) of the plan at
 * the same time. When it would not (one filter, one start, one thread) they run on the calling
 * thread instead: the result is the same bit for bit, without the cost of starting a thread
 * and loading the stream there again.
 */
export function poolPays(plan: ExecutionPlan, threads: number): boolean {
    const parallel =
        plan.inference.algorithm === 'particle-learning'
            ? Math.floor(plan.inference.chains)
            : Math.max(1, Math.floor(plan.inference.restarts));
    return Math.min(threads, parallel) > 1;
}
