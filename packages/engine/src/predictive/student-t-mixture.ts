import { studentTCdfTable, type StudentTCdfTable } from '../special/student-t-table.js';
import type { UnivariatePredictive } from './mixture.js';
import { logSumExp } from '../special/log-sum-exp.js';
import { CoarseQuantile } from './coarse-quantile.js';

/**
 * Finite mixture of Student-t distributions sum_c w_c t_{nu_c}(mu_c, s2_c) (docs/method.md §3: the
 * particle-learning predictive). Weights need not be normalised; they are on construction.
 * Components with zero weight are dropped. Mean and variance use E[y^2 | c] = mu^2 + s2 nu/(nu-2)
 * (variance infinite when some nu <= 2). The CDF uses the tabulated t CDF (special/student-t-table.ts).
 *
 * `assign` refills the same object with another mixture (the held-out predictive builds one per
 * row over the same components): no allocation, and no sort when the caller passes the order.
 */
export class StudentTMixture implements UnivariatePredictive {
    size = 0;
    mean = 0;
    variance = 0;
    private w!: Float64Array;
    private mu!: Float64Array;
    private s!: Float64Array;
    private nu!: Float64Array;
    private tables!: StudentTCdfTable[];
    private logNorm!: Float64Array;
    private terms!: Float64Array;

    constructor(
        weights: ArrayLike<number>,
        mu: ArrayLike<number>,
        s2: ArrayLike<number>,
        nu: ArrayLike<number>,
        count = weights.length
    ) {
        this.grow(count);
        this.assign(weights, mu, s2, nu, count);
    }

    /**
     * Become the mixture of components [0, count) of the arrays, summed in the order `order`
     * lists them (a permutation of [0, count); by default sorted by (nu, index), which is what
     * passing sortedByNu gives bit for bit); `tables[c]`, when given, is studentTCdfTable(nu[c]).
     */
    assign(
        weights: ArrayLike<number>,
        mu: ArrayLike<number>,
        s2: ArrayLike<number>,
        nu: ArrayLike<number>,
        count = weights.length,
        order?: ArrayLike<number>,
        tables?: readonly StudentTCdfTable[]
    ): this {
        if (count > this.w.length) this.grow(count);
        let total = 0;
        for (let c = 0; c < count; c++) if (weights[c] > 0) total += weights[c];
        // Components in order of nu, so consecutive CDF evaluations share a table (cache locality).
        const sorted = order ?? sortedByNu(nu, count);
        let m1 = 0;
        let m2 = 0;
        let j = 0;
        for (let o = 0; o < count; o++) {
            const c = sorted[o];
            if (!(weights[c] > 0)) continue;
            const w = weights[c] / total;
            const table = tables ? tables[c] : studentTCdfTable(nu[c]);
            this.w[j] = w;
            this.mu[j] = mu[c];
            this.s[j] = Math.sqrt(s2[c]);
            this.nu[j] = nu[c];
            this.tables[j] = table;
            this.logNorm[j] = table.logNorm - 0.5 * Math.log(s2[c]);
            m1 += w * mu[c];
            m2 += w * (mu[c] * mu[c] + (nu[c] > 2 ? (s2[c] * nu[c]) / (nu[c] - 2) : Infinity));
            j++;
        }
        this.size = j;
        this.coarseFitted = false;
        this.mean = m1;
        this.variance = Math.max(0, m2 - m1 * m1);
        return this;
    }

    private grow(count: number): void {
        this.w = new Float64Array(count);
        this.mu = new Float64Array(count);
        this.s = new Float64Array(count);
        this.nu = new Float64Array(count);
        this.tables = new Array<StudentTCdfTable>(count);
        this.logNorm = new Float64Array(count);
        this.terms = new Float64Array(count);
    }

    cdf(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++) f += this.w[c] * this.tables[c].cdf((y - this.mu[c]) / this.s[c]);
        return f;
    }

    logDensity(y: number): number {
        const n = this.size;
        const terms = this.terms;
        for (let c = 0; c < n; c++) {
            const u = (y - this.mu[c]) / this.s[c];
            const t = Math.log(this.w[c]) + this.logNorm[c] - 0.5 * (this.nu[c] + 1) * Math.log1p((u * u) / this.nu[c]);
            terms[c] = t;
        }
        return logSumExp(terms, 0, n);
    }

    /** cdf(y), with density(y) in out[0]: one pass over the components (the same numbers as the two calls). */
    cdfAndDensity(y: number, out: Float64Array): number {
        const slope = this.slope;
        let f = 0;
        let g = 0;
        for (let c = 0; c < this.size; c++) {
            f += this.w[c] * this.tables[c].cdfAndDensity((y - this.mu[c]) / this.s[c], slope, 0);
            g += (this.w[c] / this.s[c]) * slope[0];
        }
        out[0] = g;
        return f;
    }

    private readonly slope = new Float64Array(1);
    private coarse?: CoarseQuantile;
    private coarseFitted = false;

    /** The start from the coarse mixture (coarse-quantile.ts), fitted once per mixture. */
    quantileStart(p: number, x: number, scale: number): number {
        this.coarse ??= new CoarseQuantile();
        if (!this.coarseFitted) this.coarse.fit(this.size, this.w, this.mu, this.s, this.nu);
        this.coarseFitted = true;
        return this.coarse.quantile(p, x, scale);
    }

    /** Density from the tables (accurate to about 1e-5 relative): used only for Newton steps inside a bracket. */
    density(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++)
            f += (this.w[c] / this.s[c]) * this.tables[c].approximateDensity((y - this.mu[c]) / this.s[c]);
        return f;
    }
}

/** Indices [0, count) sorted by (nu, index). */
export function sortedByNu(nu: ArrayLike<number>, count = nu.length): Int32Array {
    const order = new Int32Array(count);
    for (let c = 0; c < count; c++) order[c] = c;
    return order.sort((p, q) => nu[p] - nu[q] || p - q);
}
