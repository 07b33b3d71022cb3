import type { ExecutionPlan } from '../plan/types.js';

/**
 * Whether a pool of `threads` threads would run two filters of the plan at the same time. When
 * it would not (EM, one filter, one thread) the filters run on the calling thread instead: the
 * result is the same bit for bit, without the cost of starting a thread and loading the stream
 * there again.
 */
export function poolPays(plan: ExecutionPlan, threads: number): boolean {
    return plan.inference.algorithm === 'particle-learning' && Math.min(threads, Math.floor(plan.inference.chains)) > 1;
}
