import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { logGamma } from '../special/log-gamma.js';
import type { UnivariatePredictive } from './mixture.js';

/**
 * Finite mixture of inverse-gamma distributions sum_c w_c IG(a_c, b_c): the posterior of an
 * expert's noise variance over particles (docs/method.md §1.2, each particle's NIG posterior gives
 * s2 ~ IG(a0 + n/2, b)). Weights are normalised on construction. The CDF of one component is
 * P(s2 <= v) = Q(a, b/v) = 1 - P(a, b/v), and P(a, x) = F_chi2(2x; 2a), so the chi-square CDF
 * (stdlib) gives it. Quantiles come from the shared root finder (mixture.ts `quantile`).
 */
export class InverseGammaMixture implements UnivariatePredictive {
    readonly mean: number;
    readonly variance: number;
    private readonly w: Float64Array;
    private readonly logNorm: Float64Array;

    constructor(
        weights: ArrayLike<number>,
        private readonly a: ArrayLike<number>,
        private readonly b: ArrayLike<number>
    ) {
        const count = weights.length;
        let total = 0;
        for (let c = 0; c < count; c++) if (weights[c] > 0) total += weights[c];
        this.w = Float64Array.from({ length: count }, (_, c) => (weights[c] > 0 ? weights[c] / total : 0));
        this.logNorm = Float64Array.from({ length: count }, (_, c) => a[c] * Math.log(b[c]) - logGamma(a[c]));
        let m1 = 0;
        let m2 = 0;
        for (let c = 0; c < count; c++) {
            const ac = a[c];
            const bc = b[c];
            m1 += this.w[c] * (ac > 1 ? bc / (ac - 1) : Infinity);
            m2 += this.w[c] * (ac > 2 ? (bc * bc) / ((ac - 1) * (ac - 2)) : Infinity);
        }
        this.mean = m1;
        this.variance = Number.isFinite(m2) ? Math.max(0, m2 - m1 * m1) : Infinity;
    }

    cdf(v: number): number {
        if (!(v > 0)) return 0;
        let f = 0;
        for (let c = 0; c < this.w.length; c++)
            if (this.w[c] > 0) f += this.w[c] * (1 - chisquareCdf((2 * this.b[c]) / v, 2 * this.a[c]));
        return f;
    }

    logDensity(v: number): number {
        return Math.log(this.density(v));
    }

    density(v: number): number {
        if (!(v > 0)) return 0;
        let f = 0;
        const lv = Math.log(v);
        for (let c = 0; c < this.w.length; c++) {
            if (this.w[c] > 0) f += this.w[c] * Math.exp(this.logNorm[c] - (this.a[c] + 1) * lv - this.b[c] / v);
        }
        return f;
    }
}
