/**
 * Fitting the top-k MoE (model.ts) by generalised EM whose objective, the top-k log-likelihood
 * plus a ridge penalty -(ridge/2)|W|^2 on the gate, never decreases:
 * - E-step: responsibilities over each row's routed experts.
 * - Experts: weighted least squares and variances, the exact M-step given the routing, which
 *   the experts do not change (routing depends on the gate only); kept only if it does not lower
 *   the objective (it cannot, up to rounding).
 * - Gate: a gradient step on the expected complete-data gate term with the routing held, from
 *   twice the last accepted length, halved until the objective itself (with the routing
 *   recomputed) does not decrease; no step when none of 30 halvings does.
 * Stops when the objective gains less than `tolerance` (relative) or after `maxIterations`.
 */
import { Rng } from '../random/rng.js';
import { solveSpd } from '../linalg/solve-spd.js';
import { cloneParams, gateLogits, newRoutedRow, routeRow, topKLogLikelihood, type TopKParams } from './model.js';

export interface TopKFitOptions {
    k: number;
    K: number;
    maxIterations: number;
    tolerance: number;
    seed: number;
    /** Ridge on the gate weights (keeps them finite when experts separate perfectly). */
    ridge: number;
    /** Smallest expert variance, as a fraction of var(y). */
    varianceFloor: number;
}

export const TOPK_DEFAULTS: Omit<TopKFitOptions, 'k' | 'K' | 'seed'> = {
    maxIterations: 500,
    tolerance: 1e-8,
    ridge: 1e-2,
    varianceFloor: 1e-4
};

export interface TopKFit {
    params: TopKParams;
    k: number;
    /** Objective after each iteration (index 0: at the start). */
    objective: number[];
    logLikelihood: number;
    iterations: number;
    converged: boolean;
}

export function penalisedObjective(p: TopKParams, k: number, X: Float64Array, y: Float64Array, ridge: number): number {
    let w2 = 0;
    for (const w of p.W) w2 += w * w;
    return topKLogLikelihood(p, k, X, y) - 0.5 * ridge * w2;
}

/**
 * Gradient in W of the gate term of the expected complete-data objective with the routing held
 * at the current one, Q_gate(W) = sum_i sum_{j in T_i} r_ij log softmax_{T_i}(w'x_i)_j - (ridge/2)|W|^2:
 * d/dw_j = sum_{i: j in T_i} (r_ij - g_ij) x_i - ridge w_j.
 */
export function gateGradient(
    p: TopKParams,
    k: number,
    X: Float64Array,
    y: Float64Array,
    ridge: number,
    responsibilities: Float64Array,
    routed: Int32Array
): Float64Array {
    const { K, d } = p;
    const n = y.length;
    const grad = new Float64Array(K * d);
    const logits = new Float64Array(K);
    const g = new Float64Array(k);
    for (let i = 0; i < n; i++) {
        gateLogits(p, X, i, logits);
        let max = -Infinity;
        for (let r = 0; r < k; r++) max = Math.max(max, logits[routed[i * k + r]!]!);
        let sum = 0;
        for (let r = 0; r < k; r++) sum += g[r] = Math.exp(logits[routed[i * k + r]!]! - max);
        for (let r = 0; r < k; r++) {
            const j = routed[i * k + r]!;
            const c = responsibilities[i * k + r]! - g[r]! / sum;
            for (let c2 = 0; c2 < d; c2++) grad[j * d + c2]! += c * X[i * d + c2]!;
        }
    }
    for (let q = 0; q < K * d; q++) grad[q]! -= ridge * p.W[q]!;
    return grad;
}

/** Q_gate itself (for the gradient check), routing and responsibilities held. */
export function gateTerm(
    p: TopKParams,
    k: number,
    X: Float64Array,
    n: number,
    ridge: number,
    responsibilities: Float64Array,
    routed: Int32Array
): number {
    const logits = new Float64Array(p.K);
    let total = 0;
    for (let i = 0; i < n; i++) {
        gateLogits(p, X, i, logits);
        let max = -Infinity;
        for (let r = 0; r < k; r++) max = Math.max(max, logits[routed[i * k + r]!]!);
        let sum = 0;
        for (let r = 0; r < k; r++) sum += Math.exp(logits[routed[i * k + r]!]! - max);
        const norm = max + Math.log(sum);
        for (let r = 0; r < k; r++) total += responsibilities[i * k + r]! * (logits[routed[i * k + r]!]! - norm);
    }
    let w2 = 0;
    for (const w of p.W) w2 += w * w;
    return total - 0.5 * ridge * w2;
}

/** E-step: each row's routed experts and responsibilities over them (n x k each). */
export function eStep(
    p: TopKParams,
    k: number,
    X: Float64Array,
    y: Float64Array
): { routed: Int32Array; responsibilities: Float64Array } {
    const n = y.length;
    const routed = new Int32Array(n * k);
    const responsibilities = new Float64Array(n * k);
    const logits = new Float64Array(p.K);
    const row = newRoutedRow(k);
    for (let i = 0; i < n; i++) {
        routeRow(p, k, X, y[i]!, i, logits, row);
        for (let r = 0; r < k; r++) {
            routed[i * k + r] = row.experts[r]!;
            responsibilities[i * k + r] = Math.exp(row.logGate[r]! + row.logExpert[r]! - row.logDensity);
        }
    }
    return { routed, responsibilities };
}

function expertStep(
    p: TopKParams,
    k: number,
    X: Float64Array,
    y: Float64Array,
    e: ReturnType<typeof eStep>,
    floor: number
): TopKParams {
    const { K, d } = p;
    const n = y.length;
    const next = cloneParams(p);
    for (let j = 0; j < K; j++) {
        const A = new Float64Array(d * d);
        const b = new Float64Array(d);
        let weight = 0;
        for (let i = 0; i < n; i++) {
            for (let r = 0; r < k; r++) {
                if (e.routed[i * k + r] !== j) continue;
                const w = e.responsibilities[i * k + r]!;
                weight += w;
                for (let a = 0; a < d; a++) {
                    const xa = X[i * d + a]!;
                    b[a]! += w * xa * y[i]!;
                    for (let c = a; c < d; c++) A[a * d + c]! += w * xa * X[i * d + c]!;
                }
            }
        }
        // The lower triangle mirrors the upper, so A is symmetric bit for bit.
        for (let a = 0; a < d; a++) for (let c = 0; c < a; c++) A[a * d + c] = A[c * d + a]!;
        // An expert with (almost) no responsibility keeps its parameters.
        if (weight < d) continue;
        const solved = solveSpd(A, d, b);
        if (!solved) continue;
        let rss = 0;
        for (let i = 0; i < n; i++) {
            for (let r = 0; r < k; r++) {
                if (e.routed[i * k + r] !== j) continue;
                let mean = 0;
                for (let a = 0; a < d; a++) mean += solved.x[a]! * X[i * d + a]!;
                rss += e.responsibilities[i * k + r]! * (y[i]! - mean) ** 2;
            }
        }
        next.B.set(solved.x, j * d);
        next.s2[j] = Math.max(rss / weight, floor);
    }
    return next;
}

/** Start: a random hard split of the rows, each part's least squares, a zero gate nudged apart. */
export function initialParams(
    X: Float64Array,
    y: Float64Array,
    d: number,
    K: number,
    seed: number,
    floor: number
): TopKParams {
    const rng = new Rng(seed, 'topk-start');
    const n = y.length;
    const p: TopKParams = {
        K,
        d,
        W: new Float64Array(K * d),
        B: new Float64Array(K * d),
        s2: new Float64Array(K).fill(1)
    };
    for (let q = 0; q < K * d; q++) p.W[q] = 0.1 * rng.normal();
    const routed = new Int32Array(n);
    const ones = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) routed[i] = rng.integer(K);
    return expertStep(p, 1, X, y, { routed, responsibilities: ones }, floor);
}

function variance(y: Float64Array): number {
    let m = 0;
    for (const v of y) m += v;
    m /= y.length;
    let s = 0;
    for (const v of y) s += (v - m) ** 2;
    return s / Math.max(1, y.length - 1);
}

/**
 * Fits from `start` (default: initialParams from the seed). With k < K, start from a dense fit:
 * the top-k objective is flat in the gate between changes of routing (with k = 1 the routed
 * gate is always 1), so from a random gate it cannot learn where to route; the dense model's
 * gate can, and the top-k stage then refits experts and gate under the routing.
 */
export function fitTopK(
    X: Float64Array,
    y: Float64Array,
    d: number,
    options: TopKFitOptions,
    start?: TopKParams
): TopKFit {
    const { k, K, ridge } = options;
    if (!(k >= 1 && k <= K)) throw new RangeError(`top-k routing needs 1 <= k <= K, got k = ${k}, K = ${K}`);
    const floor = options.varianceFloor * variance(y);
    let params = start ? cloneParams(start) : initialParams(X, y, d, K, options.seed, floor);
    let current = penalisedObjective(params, k, X, y, ridge);
    const objective = [current];
    let converged = false;
    let iterations = 0;
    let stepLength = 0.5;
    while (iterations < options.maxIterations) {
        iterations++;
        const start = current;
        let e = eStep(params, k, X, y);
        const experts = expertStep(params, k, X, y, e, floor);
        const afterExperts = penalisedObjective(experts, k, X, y, ridge);
        if (afterExperts >= current) {
            params = experts;
            current = afterExperts;
            e = eStep(params, k, X, y);
        }
        const grad = gateGradient(params, k, X, y, ridge, e.responsibilities, e.routed);
        let g2 = 0;
        for (const g of grad) g2 += g * g;
        // Try twice the last accepted step length (in W), then halve.
        let length = 2 * stepLength;
        for (let h = 0; h < 30 && g2 > 0; h++, length /= 2) {
            const step = length / Math.sqrt(g2);
            const trial = cloneParams(params);
            for (let q = 0; q < grad.length; q++) trial.W[q]! += step * grad[q]!;
            const value = penalisedObjective(trial, k, X, y, ridge);
            if (value >= current) {
                params = trial;
                current = value;
                stepLength = length;
                break;
            }
        }
        objective.push(current);
        if (!Number.isFinite(current)) throw new Error('top-k fit: the objective is not finite');
        if (current - start <= options.tolerance * Math.max(1, Math.abs(start))) {
            converged = true;
            break;
        }
    }
    return { params, k, objective, logLikelihood: topKLogLikelihood(params, k, X, y), iterations, converged };
}
