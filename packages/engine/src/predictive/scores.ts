import type { Interval, PredictiveSummary } from '../result/types.js';
import { centralInterval, type UnivariatePredictive } from './mixture.js';

/**
 * Accumulates held-out predictive scores (docs/method.md §3): sum of log predictive densities, RMSE
 * of the predictive mean, and the empirical coverage of central intervals at the given levels.
 *
 * Coverage is computed exactly from the probability integral transform: for a continuous
 * predictive F, y lies in the central interval of level L iff |F(y) - 1/2| <= L/2, so one CDF
 * evaluation per observation scores every level. The interval end points themselves (quantiles,
 * several CDF evaluations each) are computed only for the observations kept in `points`, at most
 * `maxPoints` of them, evenly spaced over the stream (enough for a predicted-against-observed plot).
 */
export class PredictiveScores {
    private n = 0;
    private logDensity = 0;
    private squaredError = 0;
    private readonly covered: number[];
    private readonly points: PredictiveSummary['points'] = [];
    private readonly stride: number;

    /** `observations`: how many `add` calls will come (to spread the kept points evenly). */
    constructor(
        private readonly levels: number[],
        observations: number,
        maxPoints = 200
    ) {
        this.covered = levels.map(() => 0);
        this.stride = maxPoints > 0 ? Math.max(1, Math.ceil(observations / maxPoints)) : Infinity;
    }

    /** Whether the next observation is one kept in `points`. */
    private get keeps(): boolean {
        return Number.isFinite(this.stride) && this.n % this.stride === 0;
    }

    /** Score one observation y under its continuous predictive distribution. */
    add(y: number, dist: UnivariatePredictive): void {
        const pit = dist.cdf(y);
        this.levels.forEach((level, i) => {
            if (Math.abs(pit - 0.5) <= level / 2) this.covered[i]++;
        });
        let intervals: Record<string, Interval> | undefined;
        if (this.keeps) {
            intervals = {};
            for (const level of this.levels) intervals[levelKey(level)] = centralInterval(dist, level);
        }
        this.record(y, dist.logDensity(y), dist.mean, intervals);
    }

    /**
     * Score one observation of a continuous predictive from its CDF at y (the probability
     * integral transform), log density at y and mean; `intervals` is called only for the rows
     * kept for plotting.
     */
    addFromPit(
        y: number,
        pit: number,
        logDensity: number,
        mean: number,
        intervals: () => Record<string, Interval>
    ): void {
        this.levels.forEach((level, i) => {
            if (Math.abs(pit - 0.5) <= level / 2) this.covered[i]++;
        });
        this.record(y, logDensity, mean, this.keeps ? intervals() : undefined);
    }

    /** Score one observation from already computed quantities and intervals (discrete predictives). */
    addScored(y: number, logDensity: number, mean: number, intervals: Record<string, Interval>): void {
        this.levels.forEach((level, i) => {
            const iv = intervals[levelKey(level)];
            if (iv !== undefined && y >= iv.lower && y <= iv.upper) this.covered[i]++;
        });
        this.record(y, logDensity, mean, this.keeps ? intervals : undefined);
    }

    private record(y: number, logDensity: number, mean: number, intervals: Record<string, Interval> | undefined): void {
        this.n++;
        this.logDensity += logDensity;
        this.squaredError += (y - mean) * (y - mean);
        if (intervals) this.points.push({ index: this.n - 1, y, mean, intervals });
    }

    summary(): PredictiveSummary {
        const coverage: Record<string, number> = {};
        this.levels.forEach((level, i) => {
            coverage[levelKey(level)] = this.n > 0 ? this.covered[i] / this.n : NaN;
        });
        return {
            observations: this.n,
            logPredictiveDensity: this.logDensity,
            meanLogPredictiveDensity: this.n > 0 ? this.logDensity / this.n : NaN,
            rmse: this.n > 0 ? Math.sqrt(this.squaredError / this.n) : NaN,
            coverage,
            points: this.points,
            pointsEvery: Number.isFinite(this.stride) ? this.stride : 0
        };
    }
}

/** Key of a level in `coverage` and `intervals`: "0.5", "0.9". */
export function levelKey(level: number): string {
    return String(level);
}
