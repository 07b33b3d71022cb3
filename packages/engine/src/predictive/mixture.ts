import type { Interval } from '../result/types.js';

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
}

/**
 * Central (level) interval [F^-1((1-level)/2), F^-1((1+level)/2)] by bracketing and bisection
 * on the CDF, accelerated by Newton steps that are kept only while they stay inside the bracket
 * (method.md §3). Stops when the bracket is narrower than 1e-10 of the predictive scale.
 */
export function centralInterval(dist: UnivariatePredictive, level: number): Interval {
    const alpha = (1 - level) / 2;
    return { lower: quantile(dist, alpha), upper: quantile(dist, 1 - alpha) };
}

export function quantile(dist: UnivariatePredictive, p: number): number {
    const scale = Math.sqrt(dist.variance) || 1;
    const centre = dist.mean;
    // Bracket [lo, hi] with F(lo) <= p <= F(hi), doubling the step outwards.
    let step = scale;
    let lo = centre - step;
    let hi = centre + step;
    let flo = dist.cdf(lo);
    let fhi = dist.cdf(hi);
    for (let i = 0; i < 200 && flo > p; i++) {
        hi = lo;
        fhi = flo;
        step *= 2;
        lo = centre - step;
        flo = dist.cdf(lo);
    }
    for (let i = 0; i < 200 && fhi < p; i++) {
        lo = hi;
        flo = fhi;
        step *= 2;
        hi = centre + step;
        fhi = dist.cdf(hi);
    }
    const tol = 1e-10 * scale;
    let x = lo + ((p - flo) / (fhi - flo || 1)) * (hi - lo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    for (let i = 0; i < 200 && hi - lo > tol; i++) {
        const f = dist.cdf(x) - p;
        if (f === 0) return x;
        if (f < 0) lo = x; else hi = x;
        const dens = dist.density(x);
        let next = dens > 0 ? x - f / dens : NaN;
        // Fall back to bisection when Newton leaves the bracket or shrinks it too slowly.
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (Math.abs(next - x) < 0.25 * tol) next = f < 0 ? Math.min(hi, x + tol) : Math.max(lo, x - tol);
        x = next;
    }
    return x;
}
