/** Effective sample size 1 / sum W_i^2 of normalised weights (Kong, Liu & Wong 1994). */
export function effectiveSampleSize(weights: ArrayLike<number>, n = weights.length): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += weights[i] * weights[i];
    return 1 / s;
}

/**
 * Normalise log-weights in place to log W_i with sum W_i = 1; writes W into `weights`.
 * Returns log sum exp of the input (before normalisation); -Infinity when all are -Infinity,
 * in which case the weights are set uniform (docs/method.md §6.10) and the caller flags the step.
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
    for (let i = 0; i < n; i++) s += Math.exp(logWeights[i] - max);
    const lse = max + Math.log(s);
    // W_i = exp(log W_i) rather than exp(l_i - max) / s: the weights are then the exponentials
    // of the log weights kept, which is what the particle filter carries between steps.
    for (let i = 0; i < n; i++) {
        const l = logWeights[i] - lse;
        logWeights[i] = l;
        weights[i] = Math.exp(l);
    }
    return lse;
}
