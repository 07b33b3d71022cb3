/**
 * A softmax-gated mixture of K linear-Gaussian experts with deterministic top-k routing, the
 * usual baseline of sparse MoE layers: at x only the k experts with the largest gate logits
 * w_j'x are used, their gate renormalised among themselves,
 *   p(y | x) = sum_{j in T_k(x)} softmax_{T_k(x)}(w'x)_j N(y; b_j'x, s2_j).
 * k = K is the dense softmax-gated MoE. Ties in the logits go to the lower index.
 */
import { logSumExp } from '../special/log-sum-exp.js';

export interface TopKParams {
    K: number;
    d: number;
    /** Gate weights, K x d row-major. */
    W: Float64Array;
    /** Expert coefficients, K x d row-major. */
    B: Float64Array;
    /** Expert noise variances. */
    s2: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function cloneParams(p: TopKParams): TopKParams {
    return { K: p.K, d: p.d, W: p.W.slice(), B: p.B.slice(), s2: p.s2.slice() };
}

function dot(a: Float64Array, aOff: number, x: Float64Array, xOff: number, d: number): number {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[aOff + j]! * x[xOff + j]!;
    return s;
}

/** Gate logits w_j'x of row i into `out` (length K). */
export function gateLogits(p: TopKParams, X: Float64Array, i: number, out: Float64Array): Float64Array {
    for (let j = 0; j < p.K; j++) out[j] = dot(p.W, j * p.d, X, i * p.d, p.d);
    return out;
}

/** Indices of the k largest logits, largest first (ties to the lower index). */
export function topKIndices(logits: Float64Array, k: number, out: Int32Array): Int32Array {
    const K = logits.length;
    const used = new Uint8Array(K);
    for (let r = 0; r < k; r++) {
        let best = -1;
        for (let j = 0; j < K; j++) if (!used[j] && (best < 0 || logits[j]! > logits[best]!)) best = j;
        used[best] = 1;
        out[r] = best;
    }
    return out;
}

/** Per row: the routed experts, their renormalised log gate and their log expert density at y. */
export interface RoutedRow {
    experts: Int32Array;
    logGate: Float64Array;
    logExpert: Float64Array;
    /** log p(y | x). */
    logDensity: number;
}

export function routeRow(
    p: TopKParams,
    k: number,
    X: Float64Array,
    y: number,
    i: number,
    logits: Float64Array,
    row: RoutedRow
): RoutedRow {
    gateLogits(p, X, i, logits);
    topKIndices(logits, k, row.experts);
    for (let r = 0; r < k; r++) row.logGate[r] = logits[row.experts[r]!]!;
    const norm = logSumExp(row.logGate, 0, k);
    for (let r = 0; r < k; r++) {
        const j = row.experts[r]!;
        row.logGate[r]! -= norm;
        const e = y - dot(p.B, j * p.d, X, i * p.d, p.d);
        row.logExpert[r] = -0.5 * (LOG_2PI + Math.log(p.s2[j]!) + (e * e) / p.s2[j]!);
    }
    const joint = new Float64Array(k);
    for (let r = 0; r < k; r++) joint[r] = row.logGate[r]! + row.logExpert[r]!;
    row.logDensity = logSumExp(joint, 0, k);
    return row;
}

export function newRoutedRow(k: number): RoutedRow {
    return { experts: new Int32Array(k), logGate: new Float64Array(k), logExpert: new Float64Array(k), logDensity: 0 };
}

/** sum_i log p(y_i | x_i) under top-k routing. */
export function topKLogLikelihood(p: TopKParams, k: number, X: Float64Array, y: Float64Array): number {
    const n = y.length;
    const logits = new Float64Array(p.K);
    const row = newRoutedRow(k);
    let total = 0;
    for (let i = 0; i < n; i++) total += routeRow(p, k, X, y[i]!, i, logits, row).logDensity;
    return total;
}
