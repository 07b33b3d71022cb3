import type { PredictiveSummary, ResultStandardization } from '../result/types.js';
import type { Dataset } from './dataset.js';

/**
 * Reporting on the data's original scale. A model fitted to z-scored targets
 * y_z = (y - mean) / sd has densities p(y) = p_z(y_z) / sd, so every log density of n rows
 * gains -n log sd (the Jacobian), and means and quantiles map back by y = mean + sd y_z.
 * Scaling the inputs only reparametrises the regression and changes no density.
 */
export function resultStandardization(train: Dataset): ResultStandardization | undefined {
    const s = train.standardization;
    if (!s) return undefined;
    return {
        inputs: [...s.inputs],
        mean: [...s.mean],
        sd: [...s.sd],
        ...(s.target ? { target: { ...s.target } } : {}),
        logJacobian: s.target ? -train.n * Math.log(s.target.sd) : 0
    };
}

/** log Jacobian of `rows` rows of the target's z-scoring (0 when the target was not scaled). */
export function logJacobian(train: Dataset, rows: number): number {
    const target = train.standardization?.target;
    return target ? -rows * Math.log(target.sd) : 0;
}

/** The held-out predictive summary of a fit to z-scored targets, on the original scale. */
export function predictiveOnOriginalScale(summary: PredictiveSummary, train: Dataset): PredictiveSummary {
    const target = train.standardization?.target;
    if (!target) return summary;
    const { mean: m, sd } = target;
    const back = (v: number) => m + sd * v;
    const logPredictiveDensity = summary.logPredictiveDensity - summary.observations * Math.log(sd);
    return {
        ...summary,
        logPredictiveDensity,
        meanLogPredictiveDensity: summary.observations > 0 ? logPredictiveDensity / summary.observations : NaN,
        rmse: summary.rmse * sd,
        points: summary.points.map(p => ({
            ...p,
            y: back(p.y),
            mean: back(p.mean),
            intervals: Object.fromEntries(
                Object.entries(p.intervals).map(([k, iv]) => [k, { lower: back(iv.lower), upper: back(iv.upper) }])
            )
        }))
    };
}
