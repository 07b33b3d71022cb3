import { studentTCdfTable, type StudentTCdfTable } from '../special/student-t-table.js';
import type { UnivariatePredictive } from './mixture.js';

/**
 * Finite mixture of Student-t distributions sum_c w_c t_{nu_c}(mu_c, s2_c) (method.md §3: the
 * particle-learning predictive). Weights need not be normalised; they are on construction.
 * Components with zero weight are dropped. Mean and variance use E[y^2 | c] = mu^2 + s2 nu/(nu-2)
 * (variance infinite when some nu <= 2). The CDF uses the tabulated t CDF (special/student-t-table.ts).
 */
export class StudentTMixture implements UnivariatePredictive {
    readonly size: number;
    readonly mean: number;
    readonly variance: number;
    private readonly w: Float64Array;
    private readonly mu: Float64Array;
    private readonly s: Float64Array;
    private readonly nu: Float64Array;
    private readonly tables: StudentTCdfTable[];
    private readonly logNorm: Float64Array;
    private readonly terms: Float64Array;

    constructor(weights: ArrayLike<number>, mu: ArrayLike<number>, s2: ArrayLike<number>, nu: ArrayLike<number>, count = weights.length) {
        let total = 0;
        let size = 0;
        for (let c = 0; c < count; c++) if (weights[c] > 0) { total += weights[c]; size++; }
        this.size = size;
        this.w = new Float64Array(size);
        this.mu = new Float64Array(size);
        this.s = new Float64Array(size);
        this.nu = new Float64Array(size);
        this.tables = new Array<StudentTCdfTable>(size);
        this.logNorm = new Float64Array(size);
        this.terms = new Float64Array(size);
        let m1 = 0;
        let m2 = 0;
        // Components in order of nu, so consecutive CDF evaluations share a table (cache locality).
        const order: number[] = [];
        for (let c = 0; c < count; c++) if (weights[c] > 0) order.push(c);
        order.sort((p, q) => nu[p] - nu[q] || p - q);
        for (let j = 0; j < size; j++) {
            const c = order[j];
            const w = weights[c] / total;
            this.w[j] = w;
            this.mu[j] = mu[c];
            this.s[j] = Math.sqrt(s2[c]);
            this.nu[j] = nu[c];
            this.tables[j] = studentTCdfTable(nu[c]);
            this.logNorm[j] = this.tables[j].logNorm - 0.5 * Math.log(s2[c]);
            m1 += w * mu[c];
            m2 += w * (mu[c] * mu[c] + (nu[c] > 2 ? (s2[c] * nu[c]) / (nu[c] - 2) : Infinity));
        }
        this.mean = m1;
        this.variance = Math.max(0, m2 - m1 * m1);
    }

    cdf(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++) f += this.w[c] * this.tables[c].cdf((y - this.mu[c]) / this.s[c]);
        return f;
    }

    logDensity(y: number): number {
        let max = -Infinity;
        const n = this.size;
        const terms = this.terms;
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

    /** Density from the tables (accurate to about 1e-5 relative): used only for Newton steps inside a bracket. */
    density(y: number): number {
        let f = 0;
        for (let c = 0; c < this.size; c++) f += (this.w[c] / this.s[c]) * this.tables[c].approximateDensity((y - this.mu[c]) / this.s[c]);
        return f;
    }
}
