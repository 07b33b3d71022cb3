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
 * CURVE_LEVEL interval of p(y | x) (docs/method.md §3), both on the data's original scale, with the
 * training points (at most CURVE_DATA_POINTS, every `every`-th row) to draw it over.
 * `predictiveAt(row)` is the method's predictive at a design row on the fitted scale; quantiles
 * come from the shared mixture root finder (predictive/mixture.ts). The grid is even on the design
 * scale, hence on the original one too (the map is linear). Undefined for other designs, or when
 * the method has no continuous predictive (Bernoulli experts); undefined with a warning when the
 * curve would hold a non-finite number (inputs whose scale overflows double precision).
 */
export function fittedCurve(
    train: Dataset,
    predictiveAt: (row: Float64Array) => UnivariatePredictive | undefined,
    warnings: string[]
): FittedCurve | undefined {
    const { d, n, columns, X } = train;
    const intercept = columns[0] === INTERCEPT ? 1 : 0;
    if (d - intercept !== 1 || n === 0) return undefined;
    const input = columns[intercept]!;
    const scaling = train.standardization;
    const j = scaling ? scaling.inputs.indexOf(input) : -1;
    // Design values are z-scores when the inputs were standardised; the axis is on the original scale.
    const toOriginal = j >= 0 ? (z: number) => scaling!.mean[j]! + scaling!.sd[j]! * z : (z: number) => z;
    const target = scaling?.target;
    const yBack = target ? (v: number) => target.mean + target.sd * v : (v: number) => v;

    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
        const z = X[i * d + intercept]!;
        if (z < lo) lo = z;
        if (z > hi) hi = z;
    }
    const row = new Float64Array(d);
    if (intercept) row[0] = 1;
    const alpha = (1 - CURVE_LEVEL) / 2;
    const points = hi > lo ? CURVE_POINTS : 1;
    const curve: FittedCurve = {
        input,
        level: CURVE_LEVEL,
        x: [],
        mean: [],
        lower: [],
        upper: [],
        data: { x: [], y: [], every: 1 }
    };
    for (let g = 0; g < points; g++) {
        const z = points === 1 ? lo : lo + ((hi - lo) * g) / (points - 1);
        row[intercept] = z;
        const dist = predictiveAt(row);
        if (!dist) return undefined;
        curve.x.push(toOriginal(z));
        curve.mean.push(yBack(dist.mean));
        curve.lower.push(yBack(quantile(dist, alpha)));
        curve.upper.push(yBack(quantile(dist, 1 - alpha)));
    }
    const every = Math.ceil(n / CURVE_DATA_POINTS);
    curve.data.every = every;
    for (let i = 0; i < n; i += every) {
        curve.data.x.push(toOriginal(X[i * d + intercept]!));
        curve.data.y.push(yBack(train.y[i]!));
    }
    const values = [curve.x, curve.mean, curve.lower, curve.upper, curve.data.x, curve.data.y];
    if (values.some(v => v.some(x => !Number.isFinite(x)))) {
        warnings.push(
            `no fitted curve against '${input}': it would hold non-finite numbers (the input's or the target's scale overflows double precision)`
        );
        return undefined;
    }
    return curve;
}
