/**
 * Held-out scores of a fitted top-k MoE: mean log predictive density, RMSE of the predictive
 * mean, central interval coverage (interval ends by bisection on the mixture CDF), and each
 * expert's usage (mean routed gate probability over rows).
 */
import { normalCdf } from '../special/normal.js';
import { newRoutedRow, routeRow, type TopKParams } from './model.js';

export interface TopKScores {
    meanLogPredictiveDensity: number;
    rmse: number;
    coverage: Record<string, number>;
    /** Mean gate probability of each expert over the rows (0 where it is not routed). */
    usage: number[];
}

function mixtureCdf(t: number, w: Float64Array, m: Float64Array, s: Float64Array, k: number): number {
    let c = 0;
    for (let r = 0; r < k; r++) c += w[r]! * normalCdf((t - m[r]!) / s[r]!);
    return c;
}

/** The q quantile of a k-component normal mixture, by bisection between the components' extremes. */
export function mixtureQuantile(q: number, w: Float64Array, m: Float64Array, s: Float64Array, k: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < k; r++) {
        lo = Math.min(lo, m[r]! - 10 * s[r]!);
        hi = Math.max(hi, m[r]! + 10 * s[r]!);
    }
    for (let it = 0; it < 100; it++) {
        const mid = 0.5 * (lo + hi);
        if (mixtureCdf(mid, w, m, s, k) < q) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

export function scoreTopK(
    p: TopKParams,
    k: number,
    X: Float64Array,
    y: Float64Array,
    levels: readonly number[]
): TopKScores {
    const n = y.length;
    const logits = new Float64Array(p.K);
    const row = newRoutedRow(k);
    const usage = new Array<number>(p.K).fill(0);
    const covered = levels.map(() => 0);
    const w = new Float64Array(k);
    const m = new Float64Array(k);
    const s = new Float64Array(k);
    let logScore = 0;
    let se = 0;
    for (let i = 0; i < n; i++) {
        routeRow(p, k, X, y[i]!, i, logits, row);
        logScore += row.logDensity;
        let mean = 0;
        for (let r = 0; r < k; r++) {
            const j = row.experts[r]!;
            w[r] = Math.exp(row.logGate[r]!);
            let mu = 0;
            for (let a = 0; a < p.d; a++) mu += p.B[j * p.d + a]! * X[i * p.d + a]!;
            m[r] = mu;
            s[r] = Math.sqrt(p.s2[j]!);
            mean += w[r]! * mu;
            usage[j]! += w[r]! / n;
        }
        se += (y[i]! - mean) ** 2;
        levels.forEach((level, l) => {
            const lower = mixtureQuantile((1 - level) / 2, w, m, s, k);
            const upper = mixtureQuantile((1 + level) / 2, w, m, s, k);
            if (y[i]! >= lower && y[i]! <= upper) covered[l]!++;
        });
    }
    return {
        meanLogPredictiveDensity: logScore / n,
        rmse: Math.sqrt(se / n),
        coverage: Object.fromEntries(levels.map((level, l) => [String(level), covered[l]! / n])),
        usage
    };
}
