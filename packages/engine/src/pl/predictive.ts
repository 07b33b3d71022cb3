import type { Dataset } from '../data/dataset.js';
import type { Interval, PredictiveSummary } from '../result/types.js';
import { NumericalError } from '../errors.js';
import { gateProbabilitiesKernel, type GateProbabilitiesKernel } from './kernels/gate-probabilities.js';
import { centralInterval } from '../predictive/mixture.js';
import { PredictiveScores, levelKey } from '../predictive/scores.js';
import { StudentTMixture, sortedByNu } from '../predictive/student-t-mixture.js';
import { studentTCdfTable, type StudentTCdfTable } from '../special/student-t-table.js';
import { distinctExpertComponents, type ExpertComponents } from './expert-components.js';
import type { ParticlePopulation } from './population.js';

/**
 * Held-out predictive of a weighted particle population (method.md §3):
 * p(y | x) = sum_i W_i sum_k pi_k(x; phi_i) t_{2a_ik}(y; x'm_ik, b_ik (1 + x'Lambda_ik^-1 x)/a_ik)
 * for Gaussian experts; for Bernoulli experts P(y = 1 | x) = sum_i W_i sum_k pi_k sigma(x'beta_ik).
 *
 * A pooled posterior (several filters, weights w_r) has p(y | x) = sum_r w_r p_r(y | x), so its
 * CDF at the observed y, its density and its mean are the w-weighted sums of each filter's:
 * `rowPredictives` computes those per filter (on the filter's own thread), `pooledPredictive`
 * combines them exactly and scores coverage from the pooled CDF (the probability integral
 * transform). Only the interval end points of the rows kept for plotting need the pooled mixture
 * itself, and are computed from the pooled population.
 */

/** Per held-out row: the predictive's CDF at the observed y, log density at y, and mean. */
export interface RowPredictives {
    cdf: Float64Array;
    logDensity: Float64Array;
    mean: Float64Array;
}

/**
 * Builds the predictive mixture of a population at one design row. What does not depend on the
 * row is prepared once per population: the distinct expert blocks (expert-components.ts), each
 * block's degrees of freedom, t table and place in the mixture's order; the mixture object is
 * refilled row after row (valid until the next `at`).
 */
class MixtureAtRow {
    private readonly comps: ExpertComponents | undefined;
    private readonly psi: Float64Array;
    private readonly pi: Float64Array;
    /** Gate probabilities in linear space (the filter's kernel): a product that underflows only below 1e-304. */
    private readonly gate: GateProbabilitiesKernel;
    private readonly cw: Float64Array;
    private readonly cmu: Float64Array;
    private readonly cs2: Float64Array;
    private readonly cnu: Float64Array;
    private readonly v: Float64Array;
    private readonly order: Int32Array;
    private readonly blockStride: number;
    private readonly blocks: Float64Array;
    /** NIG shape a = a0 + n/2 of each component. */
    private readonly ca: Float64Array;
    private readonly terms: Float64Array;
    private readonly tables: StudentTCdfTable[];
    private readonly mixture: StudentTMixture;

    constructor(private readonly population: ParticlePopulation) {
        const { K, d, layout } = population;
        this.comps = layout.family === 'gaussian' ? distinctExpertComponents(population) : undefined;
        const G = this.comps?.count ?? 0;
        this.psi = new Float64Array(Math.max(K - 1, 1));
        this.pi = new Float64Array(K);
        this.gate = gateProbabilitiesKernel(d, { sticks: K - 1, sticksOff: layout.sticksOff, stickStride: layout.stickStride, stickPhi: layout.stickPhi });
        this.cw = new Float64Array(G);
        this.cmu = new Float64Array(G);
        this.cs2 = new Float64Array(G);
        this.cnu = new Float64Array(G);
        this.v = new Float64Array(d);
        const comps = this.comps;
        const a0 = population.priorShape;
        for (let c = 0; c < G; c++) this.cnu[c] = 2 * (a0 + 0.5 * population.state[comps!.offset[c] + layout.nig.n]);
        // Each component's L, m and b side by side (the blocks lie a particle's stride apart in the state).
        const T = (d * (d + 1)) >> 1;
        this.blockStride = T + d + 1;
        this.blocks = new Float64Array(G * this.blockStride);
        this.ca = new Float64Array(G);
        this.terms = new Float64Array(G);
        const nl = layout.nig;
        for (let c = 0; c < G; c++) {
            const eo = comps!.offset[c];
            const bo = c * this.blockStride;
            this.blocks.set(population.state.subarray(eo + nl.L, eo + nl.L + T), bo);
            this.blocks.set(population.state.subarray(eo + nl.m, eo + nl.m + d), bo + T);
            this.blocks[bo + T + d] = population.state[eo + nl.b];
            this.ca[c] = a0 + 0.5 * population.state[eo + nl.n];
        }
        this.order = sortedByNu(this.cnu, G);
        this.tables = Array.from(this.cnu, (nu) => studentTCdfTable(nu));
        this.mixture = new StudentTMixture(this.cw, this.cmu, this.cs2, this.cnu, 0);
    }

    get gaussian(): boolean {
        return this.comps !== undefined;
    }

    /** Bernoulli experts: P(y = 1 | x) at the last row weighed. */
    bernoulliP1 = 0;

    /**
     * The weight of every distinct component at row x = X[xo..xo+d), sum_i W_i pi_k(x; phi_i)
     * over the (particle i, expert k) pairs that share it, into `cw`; components below 1e-14 of
     * the largest are set to 0 (they change the CDF by less than G 1e-14). Returns the total of the
     * rest, summed in component order. Bernoulli experts: leaves P(y = 1 | x) in `bernoulliP1`.
     */
    private weigh(X: Float64Array, xo: number): number {
        const { N, K, d, state, W, layout: lay } = this.population;
        const { psi, pi, cw, comps } = this;
        const sticks = K - 1;
        cw.fill(0);
        let p1 = 0;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            if (sticks > 0) this.gate(state, base, X, xo, psi, 0, pi, 0);
            else pi[0] = 1;
            if (comps) {
                const co = i * K;
                const componentOf = comps.componentOf;
                const wi = W[i];
                for (let k = 0; k < K; k++) cw[componentOf[co + k]] += wi * pi[k];
            } else {
                for (let k = 0; k < K; k++) {
                    const wk = W[i] * pi[k];
                    const bo = base + k * lay.expertStride + lay.bernoulli.beta;
                    let eta = 0;
                    for (let c = 0; c < d; c++) eta += X[xo + c] * state[bo + c];
                    p1 += wk * (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));
                }
            }
        }
        if (!comps) {
            this.bernoulliP1 = p1;
            return 0;
        }
        const G = comps.count;
        let wmax = 0;
        for (let c = 0; c < G; c++) if (cw[c] > wmax) wmax = cw[c];
        let total = 0;
        for (let c = 0; c < G; c++) {
            if (cw[c] < 1e-14 * wmax) cw[c] = 0;
            else if (cw[c] > 0) total += cw[c];
        }
        return total;
    }

    /**
     * Location x'm and squared scale b (1 + x'Lambda^-1 x) / a of component c at row x (the
     * block's copy in `blocks`: packed L, then m, then b), into cmu[c] and cs2[c].
     */
    private locate(c: number, X: Float64Array, xo: number): void {
        const { d } = this.population;
        const { blocks, v } = this;
        const bo = c * this.blockStride;
        const mo = bo + ((d * (d + 1)) >> 1);
        let q = 0;
        let mu = 0;
        for (let r = 0; r < d; r++) {
            const ro = bo + ((r * (r + 1)) >> 1);
            let s = X[xo + r];
            for (let cc = 0; cc < r; cc++) s -= blocks[ro + cc] * v[cc];
            v[r] = s / blocks[ro + r];
            q += v[r] * v[r];
            mu += X[xo + r] * blocks[mo + r];
        }
        this.cmu[c] = mu;
        this.cs2[c] = (blocks[mo + d] * (1 + q)) / this.ca[c];
    }

    /**
     * Gaussian experts: the Student-t mixture at row x = X[xo..xo+d) (valid until the next call).
     * Bernoulli experts: returns undefined and leaves P(y = 1 | x) in `bernoulliP1`.
     */
    at(X: Float64Array, xo: number): StudentTMixture | undefined {
        this.weigh(X, xo);
        const comps = this.comps;
        if (!comps) return undefined;
        const cw = this.cw;
        for (let c = 0; c < comps.count; c++) if (cw[c] > 0) this.locate(c, X, xo);
        return this.mixture.assign(cw, this.cmu, this.cs2, this.cnu, comps.count, this.order, this.tables);
    }

    /**
     * The mixture's CDF and log density at y and its mean, into rows[t], in one pass over the
     * components: the same operations in the same order as `at` followed by the mixture's `cdf`,
     * `logDensity` and `mean` (so the same numbers bit for bit), without filling the mixture.
     * Returns false for Bernoulli experts (nothing written; `bernoulliP1` set).
     */
    scoreAt(X: Float64Array, xo: number, y: number, rows: RowPredictives, t: number): boolean {
        const total = this.weigh(X, xo);
        const comps = this.comps;
        if (!comps) return false;
        const { cw, cmu, cs2, cnu, order, tables, terms } = this;
        let f = 0;
        let m1 = 0;
        let max = -Infinity;
        let n = 0;
        for (let o = 0; o < comps.count; o++) {
            const c = order[o];
            if (!(cw[c] > 0)) continue;
            this.locate(c, X, xo);
            const w = cw[c] / total;
            const table = tables[c];
            const mu = cmu[c];
            const nu = cnu[c];
            const u = (y - mu) / Math.sqrt(cs2[c]);
            m1 += w * mu;
            f += w * table.cdf(u);
            const lt = Math.log(w) + (table.logNorm - 0.5 * Math.log(cs2[c])) - 0.5 * (nu + 1) * Math.log1p((u * u) / nu);
            terms[n++] = lt;
            if (lt > max) max = lt;
        }
        let s = 0;
        if (max !== -Infinity) for (let j = 0; j < n; j++) s += Math.exp(terms[j] - max);
        rows.cdf[t] = f;
        rows.logDensity[t] = max === -Infinity ? -Infinity : max + Math.log(s);
        rows.mean[t] = m1;
        return true;
    }
}

/** The predictive of one population at every held-out row (CDF and log density at the observed y, mean). */
export function rowPredictives(population: ParticlePopulation, test: Dataset): RowPredictives {
    const rows = { cdf: new Float64Array(test.n), logDensity: new Float64Array(test.n), mean: new Float64Array(test.n) };
    const builder = new MixtureAtRow(population);
    for (let t = 0; t < test.n; t++) {
        const y = test.y[t];
        if (!builder.scoreAt(test.X, t * test.d, y, rows, t)) {
            const p1 = builder.bernoulliP1;
            rows.cdf[t] = y > 0.5 ? 1 : 1 - p1;
            rows.logDensity[t] = Math.log(y > 0.5 ? p1 : 1 - p1);
            rows.mean[t] = p1;
        }
        if (!Number.isFinite(rows.mean[t])) throw new NumericalError('predictive mean', t, `held-out stream ${test.name}`);
    }
    return rows;
}

/**
 * Scores of the pooled predictive sum_r weights[r] p_r from each filter's row predictives;
 * the interval end points of the rows kept for plotting come from `pooled`'s mixture.
 */
export function pooledPredictive(rows: readonly RowPredictives[], weights: readonly number[], pooled: ParticlePopulation, test: Dataset, levels: number[]): PredictiveSummary {
    const scores = new PredictiveScores(levels, test.n);
    const builder = new MixtureAtRow(pooled);
    const logW = weights.map((w) => Math.log(w));
    for (let t = 0; t < test.n; t++) {
        const y = test.y[t];
        let cdf = 0;
        let mean = 0;
        let max = -Infinity;
        for (let r = 0; r < rows.length; r++) {
            cdf += weights[r] * rows[r].cdf[t];
            mean += weights[r] * rows[r].mean[t];
            max = Math.max(max, logW[r] + rows[r].logDensity[t]);
        }
        let s = 0;
        for (let r = 0; r < rows.length; r++) s += Math.exp(logW[r] + rows[r].logDensity[t] - max);
        const logDensity = max === -Infinity ? -Infinity : max + Math.log(s);
        if (builder.gaussian) {
            scores.addFromPit(y, cdf, logDensity, mean, () => {
                const mix = builder.at(test.X, t * test.d)!;
                const intervals: Record<string, Interval> = {};
                for (const level of levels) intervals[levelKey(level)] = centralInterval(mix, level);
                return intervals;
            });
        } else {
            const p0 = 1 - mean;
            const intervals: Record<string, Interval> = {};
            for (const level of levels) {
                const alpha = (1 - level) / 2;
                intervals[levelKey(level)] = { lower: p0 >= alpha ? 0 : 1, upper: p0 >= 1 - alpha ? 0 : 1 };
            }
            scores.addScored(y, logDensity, mean, intervals);
        }
    }
    return scores.summary();
}

/** The held-out predictive summary of one population. */
export function particlePredictive(population: ParticlePopulation, test: Dataset, levels: number[]): PredictiveSummary {
    return pooledPredictive([rowPredictives(population, test)], [1], population, test, levels);
}

/** The predictive of a population at any design row (the fitted curve); undefined for Bernoulli experts. */
export function predictiveAtRow(population: ParticlePopulation): (row: Float64Array) => StudentTMixture | undefined {
    const builder = new MixtureAtRow(population);
    return (row) => builder.at(row, 0);
}
