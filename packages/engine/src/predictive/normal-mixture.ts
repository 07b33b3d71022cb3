import { normalCdf } from '../special/normal.js';
import type { UnivariatePredictive } from './mixture.js';
import { logSumExp } from '../special/log-sum-exp.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Finite mixture of normals sum_c w_c N(mu_c, s2_c) (the EM predictive); weights are normalised on construction. */
export class NormalMixture implements UnivariatePredictive {
    readonly size: number;
    readonly mean: number;
    readonly variance: number;
    private readonly w: Float64Array;
    private readonly mu: Float64Array;
    private readonly sd: Float64Array;

    constructor(weights: ArrayLike<number>, mu: ArrayLike<number>, s2: ArrayLike<number>, count = weights.length) {
        let total = 0;
        for (let c = 0; c < count; c++) if (weights[c] > 0) total += weights[c];
        this.size = count;
        this.w = new Float64Array(count);
        this.mu = Float64Array.from({ length: count }, (_, c) => mu[c]);
        this.sd = Float64Array.from({ length: count }, (_, c) => Math.sqrt(s2[c]));
        let m1 = 0;
        let m2 = 0;
        for (let c = 0; c < count; c++) {
            const w = weights[c] > 0 ? weights[c] / total : 0;
            this.w[c] = w;
            m1 += w * mu[c];
            m2 += w * (mu[c] * mu[c] + s2[c]);
        }
        this.mean = m1;
        this.variance = Math.max(0, m2 - m1 * m1);
    }

    cdf(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++)
            if (this.w[c] > 0) f += this.w[c] * normalCdf((y - this.mu[c]) / this.sd[c]);
        return f;
    }

    logDensity(y: number): number {
        const terms = new Float64Array(this.size);
        for (let c = 0; c < this.size; c++) {
            const u = (y - this.mu[c]) / this.sd[c];
            const t =
                this.w[c] > 0 ? Math.log(this.w[c]) - Math.log(this.sd[c]) - LOG_SQRT_2PI - 0.5 * u * u : -Infinity;
            terms[c] = t;
        }
        return logSumExp(terms, 0, this.size);
    }

    density(y: number): number {
        return Math.exp(this.logDensity(y));
    }
}
