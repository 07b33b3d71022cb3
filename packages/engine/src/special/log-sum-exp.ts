/**
 * log(sum exp(v[start..start+len))) (docs/method.md §6.1); -Infinity when every term is, +Infinity when
 * one is. The engine's one log-sum-exp: the E-step (hmoe/e-step.ts), the gate scores
 * (hmoe/gates.ts) and the particle weights (resampling/ess.ts) fuse the same steps into loops
 * that also normalise in place.
 */
export function logSumExp(v: ArrayLike<number>, start = 0, len = v.length - start): number {
    let max = -Infinity;
    for (let i = start; i < start + len; i++) if (v[i] > max) max = v[i];
    if (max === -Infinity) return -Infinity;
    if (max === Infinity) return Infinity;
    let s = 0;
    for (let i = start; i < start + len; i++) s += Math.exp(v[i] - max);
    return max + Math.log(s);
}
