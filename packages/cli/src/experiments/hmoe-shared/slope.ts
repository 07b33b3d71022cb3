import type { Rng } from '@moe-studio/engine';

/** Ordinary least squares of y on x with an intercept: y ≈ intercept + slope x. */
export function leastSquaresLine(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
    const m = x.length;
    if (m < 2 || y.length !== m)
        throw new RangeError(`a line needs at least two points of (x, y), got ${m} and ${y.length}`);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < m; i++) {
        mx += x[i]! / m;
        my += y[i]! / m;
    }
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < m; i++) {
        sxy += (x[i]! - mx) * (y[i]! - my);
        sxx += (x[i]! - mx) ** 2;
    }
    if (!(sxx > 0)) throw new RangeError('a line needs at least two distinct x');
    const slope = sxy / sxx;
    return { slope, intercept: my - slope * mx };
}

/** Per sample size n, the loss of each replicate (same replicate order in every size). */
export interface LossesBySize {
    n: number;
    losses: number[];
}

/**
 * Slope of log(mean loss) against log n over the sizes (the published figures' fit), with a
 * percentile bootstrap interval that resamples replicates with replacement within each size
 * (the replicates are the independent units; the sizes are fixed by design).
 */
export function logMeanSlope(
    groups: LossesBySize[],
    draws: number,
    rng: Rng
): { slope: number; intercept: number; lower: number; upper: number } {
    const x = groups.map(g => Math.log(g.n));
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const line = leastSquaresLine(
        x,
        groups.map(g => Math.log(mean(g.losses)))
    );
    const slopes: number[] = [];
    for (let b = 0; b < draws; b++) {
        const y = groups.map(g => {
            let total = 0;
            for (let r = 0; r < g.losses.length; r++) total += g.losses[rng.integer(g.losses.length)]!;
            return Math.log(total / g.losses.length);
        });
        slopes.push(leastSquaresLine(x, y).slope);
    }
    slopes.sort((a, b) => a - b);
    const at = (q: number): number =>
        slopes.length === 0 ? NaN : slopes[Math.min(slopes.length - 1, Math.max(0, Math.floor(q * slopes.length)))]!;
    return { ...line, lower: at(0.025), upper: at(0.975) };
}
