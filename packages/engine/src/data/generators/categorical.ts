/**
 * Shared pieces of the synthetic generators: gate probabilities from scores (softmax in log
 * space, docs/method.md §6.1) and a categorical draw by inverse CDF from one uniform (docs/method.md §4.2).
 */
import type { GateLevelTruth } from '../../plan/types.js';

/** Softmax of `scores` into `out`, shifted by the maximum so no exponential overflows. */
export function softmaxInto(scores: ArrayLike<number>, out: Float64Array): Float64Array {
    let max = -Infinity;
    for (let k = 0; k < out.length; k++) max = Math.max(max, scores[k]!);
    let total = 0;
    for (let k = 0; k < out.length; k++) {
        out[k] = Math.exp(scores[k]! - max);
        total += out[k]!;
    }
    for (let k = 0; k < out.length; k++) out[k]! /= total;
    return out;
}

/**
 * Branch probabilities of one gate level at input x (docs/method.md §5.1): softmax of
 * w_k'x + b_k (softmax gate) or -||w_k - x||_2 + b_k (Laplace gate).
 */
export function gateLevelProbabilities(level: GateLevelTruth, x: ArrayLike<number>, out: Float64Array): Float64Array {
    const scores = new Float64Array(out.length);
    for (let k = 0; k < out.length; k++) {
        const w = level.weights[k]!;
        let s = 0;
        if (level.gate === 'softmax') {
            for (let j = 0; j < w.length; j++) s += w[j]! * x[j]!;
        } else {
            let squared = 0;
            for (let j = 0; j < w.length; j++) squared += (w[j]! - x[j]!) ** 2;
            s = -Math.sqrt(squared);
        }
        scores[k] = s + level.bias[k]!;
    }
    return softmaxInto(scores, out);
}

/** Inverse-CDF draw: the first category whose cumulative probability exceeds u in (0, 1). */
export function drawCategory(probabilities: Float64Array, u: number): number {
    let cumulative = 0;
    for (let k = 0; k < probabilities.length; k++) {
        cumulative += probabilities[k]!;
        if (u < cumulative) return k;
    }
    // Rounding can leave the total a hair below u; the last category with mass takes it.
    for (let k = probabilities.length - 1; k > 0; k--) if (probabilities[k]! > 0) return k;
    return 0;
}

/** Intercept-first linear predictor: coefficients[0] + sum_j coefficients[j+1] x_j. */
export function linearPredictor(coefficients: number[], x: ArrayLike<number>, p: number): number {
    let value = coefficients[0]!;
    for (let j = 0; j < p; j++) value += coefficients[j + 1]! * x[j]!;
    return value;
}

/** What every generator returns: raw inputs (row-major n x p), target, and true allocations. */
export interface SyntheticSample {
    n: number;
    p: number;
    x: Float64Array;
    y: Float64Array;
    /** True expert (leaf) of each row; for the shift generator 0 before the shift, 1 after. */
    z: Int32Array;
}
