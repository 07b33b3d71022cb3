import type { Interval } from '../result/types.js';
import { normalQuantile } from '../special/normal.js';

/**
 * A univariate predictive distribution given by its CDF and density (a finite mixture in
 * practice: Student-t components for particle learning, normals for EM). The interval and
 * scoring code below only needs this interface.
 */
export interface UnivariatePredictive {
    cdf(y: number): number;
    density(y: number): number;
    logDensity(y: number): number;
    mean: number;
    variance: number;
    /** cdf(y), with density(y) written to out[0], when one pass gives both more cheaply. */
    cdfAndDensity?(y: number, out: Float64Array): number;
    /** A better start than x (the moment-matched normal quantile) for the p quantile, steps at most `scale` long. */
    quantileStart?(p: number, x: number, scale: number): number;
}

/**
 * Central (level) interval [F^-1((1-level)/2), F^-1((1+level)/2)] by bisection on the CDF
 * (docs/method.md §3), accelerated by Newton steps from the moment-matched normal quantile (or the
 * distribution's own `quantileStart` from there); a Newton
 * step is kept only while it stays inside the bracket known so far, otherwise the bracket is
 * bisected (or, while still open on one side, widened by doubling steps). Stops when the step or
 * the bracket is below 1e-10 of the predictive standard deviation.
 */
export function centralInterval(dist: UnivariatePredictive, level: number): Interval {
    const alpha = (1 - level) / 2;
    return { lower: quantile(dist, alpha), upper: quantile(dist, 1 - alpha) };
}

export function quantile(dist: UnivariatePredictive, p: number): number {
    const sd = Math.sqrt(dist.variance);
    const scale = Number.isFinite(sd) && sd > 0 ? sd : 1;
    const tol = 1e-10 * scale;
    // Start from the moment-matched normal quantile; Newton then needs a few steps.
    let x = dist.mean + scale * normalQuantile(p);
    if (!Number.isFinite(x)) x = 0;
    if (dist.quantileStart) x = dist.quantileStart(p, x, scale);
    let lo = -Infinity;
    let hi = Infinity;
    let step = scale;
    const both = dist.cdfAndDensity?.bind(dist);
    const densityAt = new Float64Array(1);
    for (let i = 0; i < 300; i++) {
        const f = (both ? both(x, densityAt) : dist.cdf(x)) - p;
        if (f === 0) return x;
        if (f < 0) lo = x;
        else hi = x;
        if (hi - lo <= tol) return 0.5 * (lo + hi);
        const dens = both ? densityAt[0] : dist.density(x);
        let next = dens > 0 ? x - f / dens : NaN;
        if (!(next > lo && next < hi)) {
            // Newton left the bracket: bisect a finite bracket, or step outwards (doubling) to find one.
            if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
            else {
                next = f < 0 ? x + step : x - step;
                step *= 2;
            }
        }
        if (Math.abs(next - x) <= tol) return next;
        x = next;
    }
    return x;
}
