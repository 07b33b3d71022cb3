import { forwardSolvePacked, backSolvePackedTranspose } from '../linalg/triangular.js';
import { choleskyRankOneUpdate } from '../linalg/rank-one-update.js';
import { packedSize } from '../linalg/packed.js';
import { logGamma } from '../special/log-gamma.js';
import type { NigPrior } from '../plan/types.js';

/**
 * Gaussian linear expert with the conjugate Normal-Inverse-Gamma prior, carried as sufficient
 * statistics (docs/method.md §1.2, §2.1): beta | s2 ~ N(m0, s2 V0), s2 ~ IG(a0, b0), V0 = scale * I.
 *
 * Block layout inside a particle (offsets from the block start), T = d(d+1)/2:
 *   L (T, packed lower Cholesky of Lambda = Lambda0 + X'X), m (d), b (1), n (1),
 *   Linv (d: reciprocals of L's diagonal, so the predictive's forward solves multiply instead
 *   of divide), raw S^xx (T, packed), S^xy (d), S^yy (1).
 * a = a0 + n/2 is implied by n.
 */
export interface NigLayout {
    d: number;
    T: number;
    L: number;
    m: number;
    b: number;
    n: number;
    dinv: number;
    sxx: number;
    sxy: number;
    syy: number;
    size: number;
}

export function nigLayout(d: number): NigLayout {
    const T = packedSize(d);
    const L = 0;
    const m = T;
    const b = m + d;
    const n = b + 1;
    const dinv = n + 1;
    const sxx = dinv + d;
    const sxy = sxx + T;
    const syy = sxy + d;
    return { d, T, L, m, b, n, dinv, sxx, sxy, syy, size: syy + 1 };
}

/** Prior state: L = chol(V0^-1) = I / sqrt(scale), m = m0, b = b0, n = 0, raw statistics 0. */
export function nigInit(state: Float64Array, off: number, lay: NigLayout, prior: NigPrior): void {
    const { d } = lay;
    state.fill(0, off, off + lay.size);
    const diag = 1 / Math.sqrt(prior.scale);
    for (let i = 0; i < d; i++) {
        state[off + lay.L + (i * (i + 3)) / 2] = diag;
        state[off + lay.dinv + i] = 1 / diag;
        state[off + lay.m + i] = prior.mean[i];
    }
    state[off + lay.b] = prior.rate;
}

/**
 * Table of the Student-t normalising constant of the one-step predictive by count n:
 * c(n) = lgamma(a + 1/2) - lgamma(a) - log(pi)/2, a = a0 + n/2. With h = 2 b (1 + q) and
 * e = y - x'm the predictive log density is c(n) + a log h - (a + 1/2) log(h + e^2)
 * (docs/method.md §1.2 with nu = 2a, s2 = b(1+q)/a, rearranged so no division is needed).
 */
export function studentTConstantTable(a0: number, maxN: number): Float64Array {
    const table = new Float64Array(maxN + 1);
    const halfLogPi = 0.5 * Math.log(Math.PI);
    for (let n = 0; n <= maxN; n++) {
        const a = a0 + 0.5 * n;
        table[n] = logGamma(a + 0.5) - logGamma(a) - halfLogPi;
    }
    return table;
}

/**
 * Exact one-step log predictive log t_{2a}(y; x'm, b(1+q)/a) (docs/method.md §1.2), with q = x' Lambda^-1 x.
 * `v` (length d) receives L^-1 x. Returns the log density.
 */
export function nigLogPredictive(
    state: Float64Array,
    off: number,
    lay: NigLayout,
    a0: number,
    x: ArrayLike<number>,
    xOff: number,
    y: number,
    v: Float64Array
): number {
    const { d } = lay;
    forwardSolvePacked(state, off + lay.L, d, x, xOff, v, 0);
    let q = 0;
    let mu = 0;
    for (let i = 0; i < d; i++) {
        q += v[i] * v[i];
        mu += x[xOff + i] * state[off + lay.m + i];
    }
    const n = state[off + lay.n];
    const a = a0 + 0.5 * n;
    const e = y - mu;
    const h = 2 * state[off + lay.b] * (1 + q);
    const c = logGamma(a + 0.5) - logGamma(a) - 0.5 * Math.log(Math.PI);
    return c + a * Math.log(h) - (a + 0.5) * Math.log(h + e * e);
}

/**
 * Rank-one NIG update with one point (docs/method.md §1.2): q = x'Lambda^-1 x, e = y - x'm,
 * m += Lambda^-1 x e/(1+q), b += e^2/(2(1+q)), n += 1, L <- chol(L L' + x x'), raw statistics +=.
 * `v`, `w` are scratch vectors of length d.
 */
export function nigUpdate(
    state: Float64Array,
    off: number,
    lay: NigLayout,
    x: ArrayLike<number>,
    xOff: number,
    y: number,
    v: Float64Array,
    w: Float64Array
): void {
    const { d } = lay;
    const Lo = off + lay.L;
    forwardSolvePacked(state, Lo, d, x, xOff, v, 0);
    let q = 0;
    let mu = 0;
    for (let i = 0; i < d; i++) {
        q += v[i] * v[i];
        mu += x[xOff + i] * state[off + lay.m + i];
    }
    const e = y - mu;
    backSolvePackedTranspose(state, Lo, d, v, 0, w, 0); // w = Lambda^-1 x
    const g = e / (1 + q);
    for (let i = 0; i < d; i++) state[off + lay.m + i] += w[i] * g;
    state[off + lay.b] += 0.5 * e * g;
    state[off + lay.n] += 1;
    for (let i = 0; i < d; i++) {
        const xi = x[xOff + i];
        v[i] = xi;
        const r = off + lay.sxx + (i * (i + 1)) / 2;
        for (let j = 0; j <= i; j++) state[r + j] += xi * x[xOff + j];
        state[off + lay.sxy + i] += xi * y;
    }
    state[off + lay.syy] += y * y;
    choleskyRankOneUpdate(state, Lo, d, v, 0);
    for (let i = 0; i < d; i++) state[off + lay.dinv + i] = 1 / state[Lo + (i * (i + 3)) / 2];
}
