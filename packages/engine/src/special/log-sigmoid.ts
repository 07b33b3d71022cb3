/**
 * log sigma(u) = -(max(-u, 0) + log1p(exp(-|u|))), finite for every finite u (docs/method.md §6.1).
 * The filter's kernels (gate-log-weights.ts, bernoulli-experts.ts) and the stick-breaking gate
 * inline the same expression in their loops.
 */
export function logSigmoid(u: number): number {
    return -((u < 0 ? -u : 0) + Math.log1p(Math.exp(-Math.abs(u))));
}
