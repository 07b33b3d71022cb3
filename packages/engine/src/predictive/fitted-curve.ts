import type { Dataset } from '../data/dataset.js';
import type { FittedCurve } from '../result/types.js';
import { quantile, type UnivariatePredictive } from './mixture.js';

/** Grid points of the curve, its band's level and the most training points sent along with it. */
export const CURVE_POINTS = 100;
export const CURVE_LEVEL = 0.9;
export const CURVE_DATA_POINTS = 500;

const INTERCEPT = '(intercept)';

/**
 * The fitted mean function with its predictive band, for a model with exactly one input besides
 * the intercept (the motorcycle-data plot): on CURVE_POINTS evenly spaced values of the input
 * over the training rows' range, the posterior predictive mean E[y | x] and the central
 * CURVE_LEVEL interval of p(y | x) (method.md §3), both on the data's original scale, with the
 * training points (at most CURVE_DATA_POINTS, every `every`-th row) to draw it over.
 * `predictiveAt(row)` is the method's predictive at a design row on the fitted scale; quantiles
 * come from the shared mixture root finder (predictive/mixture.ts). Undefined for other designs,
 * or when the method has no continuous predictive (Bernoulli experts).
 */
export function fittedCurve(train: Dataset, predictiveAt: (row: Float64Array) => UnivariatePredictive | undefined): FittedCurve | undefined {
    const { d, n, columns, X } = train;
    const intercept = columns[0] === INTERCEPT ? 1 : 0;
    if (d - intercept !== 1 || n === 0) return undefined;
    const input = columns[intercept]!;
    const scaling = train.standardization;
    const j = scaling ? scaling.inputs.indexOf(input) : -1;
    // Design values are z-scores when the inputs were standardised; the axis is the original scale.
    const toOriginal = j >= 0 ? (z: number) => scaling!.mean[j]! + scaling!.sd[j]! * z : (z: number) => z;
    const toDesign = j >= 0 ? (x: number) => (x - scaling!.mean[j]!) / scaling!.sd[j]! : (x: number) => x;
    const target = scaling?.target;
    const yBack = target ? (v: number) => target.mean + target.sd * v : (v: number) => v;

    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
        const x = toOriginal(X[i * d + intercept]!);
        if (x < lo) lo = x;
        if (x > hi) hi = x;
    }
    const row = new Float64Array(d);
    if (intercept) row[0] = 1;
    const alpha = (1 - CURVE_LEVEL) / 2;
    const points = hi > lo ? CURVE_POINTS : 1;
    const curve: FittedCurve = { input, level: CURVE_LEVEL, x: [], mean: [], lower: [], upper: [], data: { x: [], y: [], every: 1 } };
    for (let g = 0; g < points; g++) {
        const x = points === 1 ? lo : lo + ((hi - lo) * g) / (points - 1);
        row[intercept] = toDesign(x);
        const dist = predictiveAt(row);
        if (!dist) return undefined;
        const mean = yBack(dist.mean);
        if (!Number.isFinite(mean)) throw new Error(`non-finite fitted mean at ${input} = ${x}`);
        curve.x.push(x);
        curve.mean.push(mean);
        curve.lower.push(yBack(quantile(dist, alpha)));
        curve.upper.push(yBack(quantile(dist, 1 - alpha)));
    }
    const every = Math.ceil(n / CURVE_DATA_POINTS);
    curve.data.every = every;
    for (let i = 0; i < n; i += every) {
        curve.data.x.push(toOriginal(X[i * d + intercept]!));
        curve.data.y.push(yBack(train.y[i]!));
    }
    return curve;
}
