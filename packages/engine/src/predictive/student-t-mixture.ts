import { logBeta, logGamma } from '../special/log-gamma.js';
import { studentTCdf } from '../special/student-t.js';
import type { UnivariatePredictive } from './mixture.js';

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);

/**
 * Finite mixture of Student-t distributions sum_c w_c t_{nu_c}(mu_c, s2_c) (method.md §3: the
 * particle-learning predictive). Weights need not be normalised; they are on construction.
 * Components with zero weight are dropped. Mean and variance use E[y^2 | c] = mu^2 + s2 nu/(nu-2)
 * (variance infinite when some nu <= 2).
 */
export class StudentTMixture implements UnivariatePredictive {
    readonly size: number;
    readonly mean: number;
    readonly variance: number;
    private readonly w: Float64Array;
    private readonly mu: Float64Array;
    private readonly s: Float64Array;
    private readonly nu: Float64Array;
    private readonly lbeta: Float64Array;
    private readonly logNorm: Float64Array;

    constructor(weights: ArrayLike<number>, mu: ArrayLike<number>, s2: ArrayLike<number>, nu: ArrayLike<number>, count = weights.length) {
        let total = 0;
        let size = 0;
        for (let c = 0; c < count; c++) if (weights[c] > 0) { total += weights[c]; size++; }
        this.size = size;
        this.w = new Float64Array(size);
        this.mu = new Float64Array(size);
        this.s = new Float64Array(size);
        this.nu = new Float64Array(size);
        this.lbeta = new Float64Array(size);
        this.logNorm = new Float64Array(size);
        let m1 = 0;
        let m2 = 0;
        for (let c = 0, j = 0; c < count; c++) {
            if (!(weights[c] > 0)) continue;
            const w = weights[c] / total;
            this.w[j] = w;
            this.mu[j] = mu[c];
            this.s[j] = Math.sqrt(s2[c]);
            this.nu[j] = nu[c];
            this.lbeta[j] = logBeta(0.5 * nu[c], 0.5);
            this.logNorm[j] = logGamma(0.5 * (nu[c] + 1)) - logGamma(0.5 * nu[c]) - 0.5 * Math.log(nu[c] * s2[c]) - HALF_LOG_PI;
            m1 += w * mu[c];
            m2 += w * (mu[c] * mu[c] + (nu[c] > 2 ? (s2[c] * nu[c]) / (nu[c] - 2) : Infinity));
            j++;
        }
        this.mean = m1;
        this.variance = Math.max(0, m2 - m1 * m1);
    }

    cdf(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++) f += this.w[c] * studentTCdf((y - this.mu[c]) / this.s[c], this.nu[c], this.lbeta[c]);
        return f;
    }

    logDensity(y: number): number {
        let max = -Infinity;
        const n = this.size;
        const terms = new Float64Array(n);
        for (let c = 0; c < n; c++) {
            const u = (y - this.mu[c]) / this.s[c];
            const t = Math.log(this.w[c]) + this.logNorm[c] - 0.5 * (this.nu[c] + 1) * Math.log1p((u * u) / this.nu[c]);
            terms[c] = t;
            if (t > max) max = t;
        }
        if (max === -Infinity) return -Infinity;
        let s = 0;
        for (let c = 0; c < n; c++) s += Math.exp(terms[c] - max);
        return max + Math.log(s);
    }

    density(y: number): number {
        return Math.exp(this.logDensity(y));
    }
}
