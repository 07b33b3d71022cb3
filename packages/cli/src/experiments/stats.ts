/**
 * Summaries with uncertainty for reports: mean, standard deviation, the standard error of the
 * mean, and the two-sided 95% Student-t interval (for paired differences too).
 */
import { studentTCdf } from '@moe-studio/engine';

export interface MeanInterval {
    n: number;
    mean: number;
    sd: number | null;
    se: number | null;
    lower: number | null;
    upper: number | null;
}

export function mean(xs: readonly number[]): number {
    return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sampleSd(xs: readonly number[]): number | null {
    if (xs.length < 2) return null;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * The p quantile of Student's t with nu degrees of freedom, by bisection on the CDF (the engine
 * has the CDF; 200 halvings of [-1e3, 1e3] leave an error far below the last digit reported).
 */
export function studentTQuantile(p: number, nu: number): number {
    if (!(p > 0 && p < 1) || !(nu > 0)) throw new RangeError(`studentTQuantile(${p}, ${nu})`);
    let lo = -1e3;
    let hi = 1e3;
    for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
        const mid = 0.5 * (lo + hi);
        if (studentTCdf(mid, nu) < p) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/** Mean with its 95% t interval; sd, se and the interval are null below two values. Non-finite values are refused. */
export function meanInterval(xs: readonly number[], level = 0.95): MeanInterval {
    if (xs.some(x => !Number.isFinite(x))) throw new RangeError('meanInterval: a value is not finite');
    const n = xs.length;
    if (n === 0) return { n, mean: NaN, sd: null, se: null, lower: null, upper: null };
    const m = mean(xs);
    const sd = sampleSd(xs);
    if (sd === null) return { n, mean: m, sd: null, se: null, lower: null, upper: null };
    const se = sd / Math.sqrt(n);
    const t = studentTQuantile(0.5 + level / 2, n - 1);
    return { n, mean: m, sd, se, lower: m - t * se, upper: m + t * se };
}

/** Paired differences a_i - b_i with their 95% t interval. */
export function pairedDifference(a: readonly number[], b: readonly number[]): MeanInterval {
    if (a.length !== b.length) throw new RangeError('pairedDifference: unequal lengths');
    return meanInterval(a.map((x, i) => x - b[i]!));
}

/** "m [lo, hi]" with `digits` decimals, or "m" when there is no interval. */
export function formatInterval(s: MeanInterval, digits = 3): string {
    const f = (x: number) => x.toFixed(digits).replace(/^-/, '−');
    if (!Number.isFinite(s.mean)) return '–';
    return s.lower === null || s.upper === null ? f(s.mean) : `${f(s.mean)} [${f(s.lower)}, ${f(s.upper)}]`;
}

/** Wilson score 95% interval of a proportion of `successes` in `n` (better than a t interval for counts). */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): MeanInterval {
    if (n === 0) return { n, mean: NaN, sd: null, se: null, lower: null, upper: null };
    const p = successes / n;
    const denominator = 1 + (z * z) / n;
    const centre = (p + (z * z) / (2 * n)) / denominator;
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
    return { n, mean: p, sd: null, se: Math.sqrt((p * (1 - p)) / n), lower: centre - half, upper: centre + half };
}
