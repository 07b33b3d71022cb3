/**
 * Rank-one Cholesky update L L' + v v' (docs/method.md §6.5; Golub & Van Loan, Matrix Computations,
 * §6.5.4), O(d^2), on a packed lower factor. `v` is overwritten. Only updates occur in particle
 * learning, never downdates, so the factor stays well conditioned.
 */
export function choleskyRankOneUpdate(L: Float64Array, lOff: number, d: number, v: Float64Array, vOff: number): void {
    for (let k = 0; k < d; k++) {
        const kk = lOff + ((k * (k + 3)) >> 1);
        const lkk = L[kk];
        const vk = v[vOff + k];
        const r = Math.sqrt(lkk * lkk + vk * vk);
        const c = r / lkk;
        const s = vk / lkk;
        const cinv = lkk / r;
        L[kk] = r;
        for (let i = k + 1; i < d; i++) {
            const ik = lOff + ((i * (i + 1)) >> 1) + k;
            const lik = (L[ik] + s * v[vOff + i]) * cinv;
            L[ik] = lik;
            v[vOff + i] = c * v[vOff + i] - s * lik;
        }
    }
}
