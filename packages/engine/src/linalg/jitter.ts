/**
 * The engine's one jitter policy (docs/method.md §6.3). When a symmetric positive (semi-)definite A
 * fails to factorise, retry with A + delta * s * I for delta = 1e-10, 1e-9, ..., 1e-4, and report
 * the delta that worked. s = mean |A_ii|, so the jitter is relative to A's scale; s = 1 when that
 * mean is 0 or not finite, so the added diagonal is never 0, NaN or infinite.
 */
export const JITTERS: readonly number[] = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4];

/** s of the policy above, from the d diagonal entries `diagonal(0..d-1)`. */
export function jitterScale(d: number, diagonal: (i: number) => number): number {
    let sum = 0;
    for (let i = 0; i < d; i++) sum += Math.abs(diagonal(i));
    const mean = sum / d;
    return mean > 0 && Number.isFinite(mean) ? mean : 1;
}
