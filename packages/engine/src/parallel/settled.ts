import { CancelledError } from '../errors.js';

/**
 * The values of every task of a parallel job, in order, once all have settled (a job that
 * returned while threads still ran its tasks would leave them competing with whatever the caller
 * does next). On failure, the error to report: the first in order that is not a cancellation
 * (tasks stopped because another failed throw CancelledError, which is not the news), else a
 * cancellation.
 */
export async function allSettledInOrder<T>(runs: Promise<T>[]): Promise<T[]> {
    const settled = await Promise.allSettled(runs);
    const reasons = settled
        .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
        .map(s => s.reason as unknown);
    if (reasons.length > 0) throw reasons.find(r => !(r instanceof CancelledError)) ?? reasons[0];
    return settled.map(s => (s as PromiseFulfilledResult<T>).value);
}
