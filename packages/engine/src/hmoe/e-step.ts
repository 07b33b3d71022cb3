import { levelLogGates } from './gates.js';
import { leafCount, type HmoeParams, type HmoeShape } from './model.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Buffers reused across EM iterations. */
export interface EStepBuffers {
    /** n x k1 log outer gates. */
    logOuter: Float64Array;
    /** k1 arrays of n x k2 log inner gates. */
    logInner: Float64Array[];
    /** n x leaves joint responsibilities r_{n,i1 i2} (outer-major). */
    resp: Float64Array;
    /** n x k1 outer responsibilities h_{n,i1} = sum_i2 r_{n,i1 i2}. */
    outerResp: Float64Array;
    /** Per-observation log p(y_n | x_n). */
    logDensity: Float64Array;
}

export function newEStepBuffers(shape: HmoeShape, n: number): EStepBuffers {
    return {
        logOuter: new Float64Array(n * shape.k1),
        logInner: Array.from({ length: shape.k1 }, () => new Float64Array(n * shape.k2)),
        resp: new Float64Array(n * leafCount(shape)),
        outerResp: new Float64Array(n * shape.k1),
        logDensity: new Float64Array(n)
    };
}

/**
 * log g1_{i1}(x_n) + log g2_{i2|i1}(x_n) for every row and leaf into out (n x leaves):
 * the log prior weight of each leaf, all in log space (docs/method.md §5.2).
 */
export function leafLogWeights(
    shape: HmoeShape,
    params: HmoeParams,
    Z: Float64Array,
    n: number,
    buffers: EStepBuffers,
    out: Float64Array
): void {
    const { k1, k2 } = shape;
    const L = k1 * k2;
    levelLogGates(params.outer, Z, n, buffers.logOuter);
    for (let i1 = 0; i1 < k1; i1++) levelLogGates(params.inner[i1], Z, n, buffers.logInner[i1]);
    for (let i = 0; i < n; i++) {
        for (let i1 = 0; i1 < k1; i1++) {
            const lo = buffers.logOuter[i * k1 + i1];
            const li = buffers.logInner[i1];
            for (let i2 = 0; i2 < k2; i2++) out[i * L + i1 * k2 + i2] = lo + li[i * k2 + i2];
        }
    }
}

/**
 * E-step (docs/method.md §5.3): joint responsibilities r_{n,i1i2} proportional to
 * g1 g2 N(y; x'beta, nu), normalised by log-sum-exp, the outer responsibilities h_{n,i1}, and
 * the log-likelihood l = sum_n log p(y_n | x_n) (docs/method.md §5.2). Returns l.
 */
export function eStep(
    shape: HmoeShape,
    params: HmoeParams,
    X: Float64Array,
    Z: Float64Array,
    y: Float64Array,
    n: number,
    buffers: EStepBuffers
): number {
    const { k1, k2, d } = shape;
    const L = k1 * k2;
    const resp = buffers.resp;
    leafLogWeights(shape, params, Z, n, buffers, resp);
    const coef = params.coefficients;
    const halfLogVar = new Float64Array(L);
    const halfInvVar = new Float64Array(L);
    for (let l = 0; l < L; l++) {
        halfLogVar[l] = 0.5 * (LOG_2PI + Math.log(params.variances[l]));
        halfInvVar[l] = 0.5 / params.variances[l];
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
        const xo = i * d;
        const ro = i * L;
        for (let l = 0; l < L; l++) {
            let mu = 0;
            const co = l * d;
            for (let j = 0; j < d; j++) mu += coef[co + j] * X[xo + j];
            const e = y[i] - mu;
            resp[ro + l] += -halfLogVar[l] - e * e * halfInvVar[l];
        }
        // log-sum-exp with the shifted exponentials kept: they are the unnormalised
        // responsibilities, so each is exponentiated once (docs/method.md §6.1).
        let max = -Infinity;
        for (let l = 0; l < L; l++) if (resp[ro + l] > max) max = resp[ro + l];
        let sum = 0;
        for (let l = 0; l < L; l++) {
            const e = Math.exp(resp[ro + l] - max);
            resp[ro + l] = e;
            sum += e;
        }
        const lse = max + Math.log(sum);
        buffers.logDensity[i] = lse;
        total += lse;
        const inv = 1 / sum;
        for (let i1 = 0; i1 < k1; i1++) {
            let h = 0;
            for (let i2 = 0; i2 < k2; i2++) {
                const idx = ro + i1 * k2 + i2;
                const r = resp[idx] * inv;
                resp[idx] = r;
                h += r;
            }
            buffers.outerResp[i * k1 + i1] = h;
        }
    }
    return total;
}
