import type { Interval, PredictiveSummary } from '../result/types.js';
import { centralInterval, type UnivariatePredictive } from './mixture.js';

/**
 * Accumulates held-out predictive scores (method.md §3): sum of log predictive densities, RMSE
 * of the predictive mean, and the empirical coverage of central intervals at the given levels.
 * Usage: one `add` per held-out observation, then `summary()`.
 */
export class PredictiveScores {
    private n = 0;
    private logDensity = 0;
    private squaredError = 0;
    private readonly covered: number[];
    private readonly points: PredictiveSummary['points'] = [];

    constructor(private readonly levels: number[], private readonly keepPoints = true) {
        this.covered = levels.map(() => 0);
    }

    /** Score one observation y under its predictive distribution. */
    add(y: number, dist: UnivariatePredictive): void {
        const intervals: Record<string, Interval> = {};
        for (const level of this.levels) intervals[levelKey(level)] = centralInterval(dist, level);
        this.addScored(y, dist.logDensity(y), dist.mean, intervals);
    }

    /** Score one observation from already computed quantities (intervals keyed by `levelKey`). */
    addScored(y: number, logDensity: number, mean: number, intervals: Record<string, Interval>): void {
        this.n++;
        this.logDensity += logDensity;
        this.squaredError += (y - mean) * (y - mean);
        this.levels.forEach((level, i) => {
            const iv = intervals[levelKey(level)];
            if (iv !== undefined && y >= iv.lower && y <= iv.upper) this.covered[i]++;
        });
        if (this.keepPoints) this.points.push({ y, mean, intervals });
    }

    summary(): PredictiveSummary {
        const coverage: Record<string, number> = {};
        this.levels.forEach((level, i) => { coverage[levelKey(level)] = this.n > 0 ? this.covered[i] / this.n : NaN; });
        return {
            observations: this.n,
            logPredictiveDensity: this.logDensity,
            meanLogPredictiveDensity: this.n > 0 ? this.logDensity / this.n : NaN,
            rmse: this.n > 0 ? Math.sqrt(this.squaredError / this.n) : NaN,
            coverage,
            points: this.points
        };
    }
}

/** Key of a level in `coverage` and `intervals`: "0.5", "0.9". */
export function levelKey(level: number): string {
    return String(level);
}
