/** Effective sample size 1 / sum W_i^2 of normalised weights (Kong, Liu & Wong 1994). */
export function effectiveSampleSize(weights: ArrayLike<number>, n = weights.length): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += weights[i] * weights[i];
    return 1 / s;
}

/**
 * Normalise log-weights in place to log W_i with sum W_i = 1; writes W into `weights`.
 * Returns log sum exp of the input (before normalisation); -Infinity when all are -Infinity,
 * in which case the weights are set uniform (method.md §6.10) and the caller flags the step.
 */
export function normalizeLogWeights(logWeights: Float64Array, weights: Float64Array, n = logWeights.length): number {
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (logWeights[i] > max) max = logWeights[i];
    if (max === -Infinity) {
        const lu = -Math.log(n);
        for (let i = 0; i < n; i++) {
            logWeights[i] = lu;
            weights[i] = 1 / n;
        }
        return -Infinity;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
        const w = Math.exp(logWeights[i] - max);
        weights[i] = w;
        s += w;
    }
    const lse = max + Math.log(s);
    const inv = 1 / s;
    for (let i = 0; i < n; i++) {
        weights[i] *= inv;
        logWeights[i] -= lse;
    }
    return lse;
}
