import type { GateLevel } from './model.js';

/**
 * Gate levels: scores, log-softmax weights, the M-step objective of one level and its analytic
 * gradient and Gauss-Newton curvature (docs/method.md §5.1, §5.3).
 *
 * Scores: softmax s_k(z) = a_k'z + b_k; Laplace s_k(z) = -sqrt(||a_k - z||^2 + eps^2) + b_k with
 * eps = 1e-8 smoothing the kink at a_k = z (docs/method.md §6.11). g = softmax(s) over the siblings.
 */
export const LAPLACE_EPS = 1e-8;

/** Targets of one level: T_nk = T[n * stride + offset + k]; row sums w_n = sum_k T_nk. */
export interface GateTargets {
    T: Float64Array;
    stride: number;
    offset: number;
}

/**
 * Free parameters of a level (identifiability, docs/method.md §5.1): softmax pins the last sibling's
 * (a, b) at zero; Laplace pins only the last bias. Free vector: for each branch its a (p entries)
 * then its b, skipping pinned entries. `full[i]` is the free entry's index in the per-branch
 * layout k * (p + 1) + u (u < p: a_u, u = p: b).
 */
export interface LevelLayout {
    size: number;
    full: Int32Array;
}

export function levelLayout(level: GateLevel): LevelLayout {
    const { k, p, kind } = level;
    const full: number[] = [];
    if (k > 1) {
        for (let j = 0; j < k; j++) {
            const last = j === k - 1;
            if (kind === 'softmax' && last) continue;
            for (let u = 0; u < p; u++) full.push(j * (p + 1) + u);
            if (!last) full.push(j * (p + 1) + p);
        }
    }
    return { size: full.length, full: Int32Array.from(full) };
}

export function getFree(level: GateLevel, layout: LevelLayout): Float64Array {
    const theta = new Float64Array(layout.size);
    const q = level.p + 1;
    for (let i = 0; i < layout.size; i++) {
        const f = layout.full[i];
        const j = Math.floor(f / q);
        const u = f - j * q;
        theta[i] = u < level.p ? level.weights[j * level.p + u] : level.bias[j];
    }
    return theta;
}

export function setFree(level: GateLevel, layout: LevelLayout, theta: Float64Array): void {
    const q = level.p + 1;
    for (let i = 0; i < layout.size; i++) {
        const f = layout.full[i];
        const j = Math.floor(f / q);
        const u = f - j * q;
        if (u < level.p) level.weights[j * level.p + u] = theta[i];
        else level.bias[j] = theta[i];
    }
}

/**
 * Log gate weights of row i into s[0..k) (scores then log-softmax, docs/method.md §6.1), and for
 * Laplace the smoothed distances into dist[0..k). Written out in one loop because it is the
 * innermost operation of every E-step and gate M-step.
 */
function rowLogGates(
    softmax: boolean,
    k: number,
    p: number,
    weights: Float64Array,
    bias: Float64Array,
    Z: Float64Array,
    i: number,
    s: Float64Array,
    dist: Float64Array
): void {
    const zo = i * p;
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
        const wo = j * p;
        let v: number;
        if (softmax) {
            v = bias[j];
            for (let u = 0; u < p; u++) v += weights[wo + u] * Z[zo + u];
        } else {
            let sq = EPS2;
            for (let u = 0; u < p; u++) {
                const diff = weights[wo + u] - Z[zo + u];
                sq += diff * diff;
            }
            const r = Math.sqrt(sq);
            dist[j] = r;
            v = bias[j] - r;
        }
        s[j] = v;
        if (v > max) max = v;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(s[j] - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < k; j++) s[j] -= lse;
}

const EPS2 = LAPLACE_EPS * LAPLACE_EPS;

/** log g_k(z_n) for every row: out[n * k + j]. A one-branch level gives log 1 = 0. */
export function levelLogGates(level: GateLevel, Z: Float64Array, n: number, out: Float64Array): void {
    const { k, p, weights, bias } = level;
    if (k === 1) {
        out.fill(0, 0, n);
        return;
    }
    const softmax = level.kind === 'softmax';
    const s = new Float64Array(k);
    const dist = new Float64Array(k);
    for (let i = 0; i < n; i++) {
        rowLogGates(softmax, k, p, weights, bias, Z, i, s, dist);
        for (let j = 0; j < k; j++) out[i * k + j] = s[j];
    }
}

/** Q = sum_n sum_k T_nk log g_k(z_n) (docs/method.md §5.3). Terms with T_nk = 0 contribute 0. */
export function levelObjective(level: GateLevel, Z: Float64Array, n: number, targets: GateTargets): number {
    const { k, p, weights, bias } = level;
    if (k === 1) return 0;
    const softmax = level.kind === 'softmax';
    const { T, stride, offset } = targets;
    const s = new Float64Array(k);
    const dist = new Float64Array(k);
    let Q = 0;
    for (let i = 0; i < n; i++) {
        rowLogGates(softmax, k, p, weights, bias, Z, i, s, dist);
        const to = i * stride + offset;
        for (let j = 0; j < k; j++) {
            const t = T[to + j];
            if (t !== 0) Q += t * s[j];
        }
    }
    return Q;
}
/**
 * Objective, gradient and (optionally) the negative Gauss-Newton curvature of one level.
 *
 * dQ/dtheta_k = sum_n (T_nk - w_n g_nk) ds_k/dtheta_k (docs/method.md §5.3), with ds/db = 1 and
 * ds/da = z (softmax) or -(a_k - z)/r_k (Laplace). The curvature is
 * G = sum_n J_n' w_n (diag g_n - g_n g_n') J_n with J_n = ds_n/dtheta: for softmax it is exactly
 * -Hessian (IRLS/Newton); for Laplace it drops the second derivative of the norm, which is
 * where the non-concavity comes from, so G stays positive semi-definite (generalised
 * Gauss-Newton). `curvature` is size x size, row-major, filled in full.
 */
export function levelGradient(
    level: GateLevel,
    Z: Float64Array,
    n: number,
    targets: GateTargets,
    layout: LevelLayout,
    grad: Float64Array,
    curvature?: Float64Array
): number {
    const { k, p } = level;
    const m = layout.size;
    grad.fill(0);
    if (curvature) curvature.fill(0);
    if (k === 1) return 0;
    const q = p + 1;
    const { T, stride, offset } = targets;
    const s = new Float64Array(k);
    const dist = new Float64Array(k);
    const g = new Float64Array(k);
    const J = new Float64Array(k * q); // per-branch ds_k/d(a_k, b_k) for the current row
    const fullGrad = new Float64Array(k * q);
    const c = new Float64Array(k * k);
    const full = layout.full;
    const branchOf = new Int32Array(m);
    for (let a = 0; a < m; a++) branchOf[a] = Math.floor(full[a] / q);
    // Free entries of one branch are contiguous: branch j's run is [runStart[j], runEnd[j]).
    const runStart = new Int32Array(k).fill(m);
    const runEnd = new Int32Array(k);
    for (let a = m - 1; a >= 0; a--) runStart[branchOf[a]] = a;
    for (let a = 0; a < m; a++) runEnd[branchOf[a]] = a + 1;
    const Jf = new Float64Array(m);
    const softmax = level.kind === 'softmax';
    const { weights, bias } = level;
    let Q = 0;
    for (let i = 0; i < n; i++) {
        rowLogGates(softmax, k, p, weights, bias, Z, i, s, dist);
        const to = i * stride + offset;
        let w = 0;
        for (let j = 0; j < k; j++) {
            const t = T[to + j];
            w += t;
            if (t !== 0) Q += t * s[j];
            g[j] = Math.exp(s[j]);
        }
        const zo = i * p;
        for (let j = 0; j < k; j++) {
            const jo = j * q;
            if (softmax) {
                for (let u = 0; u < p; u++) J[jo + u] = Z[zo + u];
            } else {
                const wo = j * p;
                const inv = 1 / dist[j];
                for (let u = 0; u < p; u++) J[jo + u] = (Z[zo + u] - weights[wo + u]) * inv;
            }
            J[jo + p] = 1;
            const resid = T[to + j] - w * g[j];
            for (let u = 0; u < q; u++) fullGrad[jo + u] += resid * J[jo + u];
        }
        if (curvature && w > 1e-300) {
            for (let a = 0; a < k; a++) {
                const wa = w * g[a];
                for (let b = 0; b < k; b++) c[a * k + b] = -wa * g[b];
                c[a * k + a] += wa;
            }
            for (let a = 0; a < m; a++) Jf[a] = J[full[a]];
            // Upper triangle, one branch block at a time: (c_ab J_a) J_b with the product c_ab J_a
            // formed once per block (the same operations as c[a, branch(b)] * J_a * J_b per entry).
            for (let a = 0; a < m; a++) {
                const ba = branchOf[a];
                const ca = ba * k;
                const ja = Jf[a];
                const row = a * m;
                for (let bb = ba; bb < k; bb++) {
                    const coef = c[ca + bb] * ja;
                    const end = runEnd[bb];
                    for (let b = runStart[bb] > a ? runStart[bb] : a; b < end; b++) curvature[row + b] += coef * Jf[b];
                }
            }
        }
    }
    for (let a = 0; a < m; a++) grad[a] = fullGrad[full[a]];
    if (curvature) {
        for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) curvature[a * m + b] = curvature[b * m + a];
    }
    return Q;
}
