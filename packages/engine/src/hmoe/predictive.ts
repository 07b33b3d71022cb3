import { normalCdf } from '../special/normal.js';
import { NormalMixture } from '../predictive/normal-mixture.js';
import type { Interval, PredictiveSummary } from '../result/types.js';
import { leafLogWeights, newEStepBuffers } from './e-step.js';
import { gateInputs, leafCount, type HmoeParams, type HmoeShape } from './model.js';
import { logSumExp } from '../special/log-sum-exp.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Quantile of a Gaussian mixture by bisection on its CDF sum_l w_l Phi((q - mu_l)/sd_l), which is
 * increasing; the bracket spans every component's mean +- 40 sd, so it always holds the root.
 */
export function mixtureQuantile(weights: Float64Array, means: Float64Array, sds: Float64Array, prob: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let l = 0; l < weights.length; l++) {
        lo = Math.min(lo, means[l] - 40 * sds[l]);
        hi = Math.max(hi, means[l] + 40 * sds[l]);
    }
    for (let it = 0; it < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
        const mid = 0.5 * (lo + hi);
        let cdf = 0;
        for (let l = 0; l < weights.length; l++) cdf += weights[l] * normalCdf((mid - means[l]) / sds[l]);
        if (cdf < prob) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/**
 * Held-out summary of a fitted HMoE: the predictive density of y given x is the mixture
 * sum_l g_l(x) N(x'beta_l, nu_l), so log p(y | x) is a log-sum-exp over leaves, the point
 * prediction its mean, and central intervals its quantiles.
 */
export function predictiveSummary(
    shape: HmoeShape,
    params: HmoeParams,
    X: Float64Array,
    Z: Float64Array,
    y: Float64Array,
    n: number,
    levels: number[]
): PredictiveSummary {
    const { d } = shape;
    const L = leafCount(shape);
    const logW = new Float64Array(n * L);
    leafLogWeights(shape, params, Z, n, newEStepBuffers(shape, n), logW);
    const sds = new Float64Array(L);
    for (let l = 0; l < L; l++) sds[l] = Math.sqrt(params.variances[l]);
    const terms = new Float64Array(L);
    const weights = new Float64Array(L);
    const means = new Float64Array(L);
    const covered = new Float64Array(levels.length);
    let logDensity = 0;
    let sse = 0;
    const points: PredictiveSummary['points'] = [];
    for (let i = 0; i < n; i++) {
        let mean = 0;
        for (let l = 0; l < L; l++) {
            let mu = 0;
            for (let j = 0; j < d; j++) mu += params.coefficients[l * d + j] * X[i * d + j];
            means[l] = mu;
            weights[l] = Math.exp(logW[i * L + l]);
            mean += weights[l] * mu;
            const e = y[i] - mu;
            terms[l] =
                logW[i * L + l] - 0.5 * (LOG_2PI + Math.log(params.variances[l])) - (e * e) / (2 * params.variances[l]);
        }
        logDensity += logSumExp(terms, 0, L);
        sse += (y[i] - mean) ** 2;
        const intervals: Record<string, Interval> = {};
        levels.forEach((level, li) => {
            const lower = mixtureQuantile(weights, means, sds, (1 - level) / 2);
            const upper = mixtureQuantile(weights, means, sds, (1 + level) / 2);
            intervals[String(level)] = { lower, upper };
            if (y[i] >= lower && y[i] <= upper) covered[li]++;
        });
        points.push({ y: y[i], mean, intervals });
    }
    const coverage: Record<string, number> = {};
    levels.forEach((level, li) => {
        coverage[String(level)] = n > 0 ? covered[li] / n : NaN;
    });
    return {
        observations: n,
        logPredictiveDensity: logDensity,
        meanLogPredictiveDensity: n > 0 ? logDensity / n : NaN,
        rmse: n > 0 ? Math.sqrt(sse / n) : NaN,
        coverage,
        points
    };
}

/** The fitted mixture sum_l g_l(x) N(x'beta_l, nu_l) at one design row (the fitted curve). */
export function predictiveAtRow(
    shape: HmoeShape,
    params: HmoeParams,
    intercept: boolean
): (row: Float64Array) => NormalMixture {
    const { d } = shape;
    const L = leafCount(shape);
    const buffers = newEStepBuffers(shape, 1);
    const logW = new Float64Array(L);
    const weights = new Float64Array(L);
    const means = new Float64Array(L);
    return row => {
        leafLogWeights(shape, params, gateInputs(row, 1, d, intercept).Z, 1, buffers, logW);
        for (let l = 0; l < L; l++) {
            weights[l] = Math.exp(logW[l]);
            let mu = 0;
            for (let j = 0; j < d; j++) mu += params.coefficients[l * d + j] * row[j];
            means[l] = mu;
        }
        return new NormalMixture(weights, means, params.variances, L);
    };
}
