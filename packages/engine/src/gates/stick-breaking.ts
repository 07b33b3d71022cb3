/**
 * Stick-breaking logistic gate (docs/method.md §1.3) in log space (§6.2):
 * log pi_k = log sigma(psi_k) + sum_{j<k} log sigma(-psi_j), k < K; log pi_K = sum_{j<K} log sigma(-psi_j).
 * Uses log sigma(-psi) = log sigma(psi) - psi, so one log1p/exp pair per stick.
 */
export function stickBreakingLogWeights(
    psi: ArrayLike<number>,
    psiOff: number,
    K: number,
    out: Float64Array,
    outOff: number
): void {
    let rest = 0; // sum_{j<k} log sigma(-psi_j)
    for (let k = 0; k < K - 1; k++) {
        const p = psi[psiOff + k];
        const ls = -((p < 0 ? -p : 0) + Math.log1p(Math.exp(-Math.abs(p))));
        out[outOff + k] = rest + ls;
        rest += ls - p;
    }
    out[outOff + K - 1] = rest;
}
