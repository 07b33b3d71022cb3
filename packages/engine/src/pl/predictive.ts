import type { Dataset } from '../data/dataset.js';
import type { Interval, PredictiveSummary } from '../result/types.js';
import { NumericalError } from '../errors.js';
import { gateProbabilitiesKernel, type GateProbabilitiesKernel } from './kernels/gate-probabilities.js';
import { centralInterval } from '../predictive/mixture.js';
import { PredictiveScores, levelKey } from '../predictive/scores.js';
import { StudentTMixture } from '../predictive/student-t-mixture.js';
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

/** Builds the predictive mixture of a population at one design row. */
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
    }

    get gaussian(): boolean {
        return this.comps !== undefined;
    }

    /**
     * Gaussian experts: the Student-t mixture at row x = X[xo..xo+d). Bernoulli experts: returns
     * undefined and leaves P(y = 1 | x) in `bernoulliP1`.
     */
    bernoulliP1 = 0;

    at(X: Float64Array, xo: number): StudentTMixture | undefined {
        const { N, K, d, state, W, layout: lay } = this.population;
        const { psi, pi, cw, comps } = this;
        const sticks = K - 1;
        cw.fill(0);
        let p1 = 0;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            if (sticks > 0) this.gate(state, base, X, xo, psi, 0, pi, 0);
            else pi[0] = 1;
            for (let k = 0; k < K; k++) {
                const wk = W[i] * pi[k];
                if (comps) {
                    cw[comps.componentOf[i * K + k]] += wk;
                } else {
                    const bo = base + k * lay.expertStride + lay.bernoulli.beta;
                    let eta = 0;
                    for (let c = 0; c < d; c++) eta += X[xo + c] * state[bo + c];
                    p1 += wk * (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));
                }
            }
        }
        if (!comps) {
            this.bernoulliP1 = p1;
            return undefined;
        }
        const G = comps.count;
        const nl = lay.nig;
        const a0 = this.population.priorShape;
        const v = this.v;
        let wmax = 0;
        for (let c = 0; c < G; c++) if (cw[c] > wmax) wmax = cw[c];
        for (let c = 0; c < G; c++) {
            // Components below 1e-14 of the largest change the CDF by less than G * 1e-14.
            if (cw[c] < 1e-14 * wmax) { cw[c] = 0; continue; }
            const eo = comps.offset[c];
            let q = 0;
            let mu = 0;
            for (let r = 0; r < d; r++) {
                const ro = eo + nl.L + ((r * (r + 1)) >> 1);
                let s = X[xo + r];
                for (let cc = 0; cc < r; cc++) s -= state[ro + cc] * v[cc];
                v[r] = s / state[ro + r];
                q += v[r] * v[r];
                mu += X[xo + r] * state[eo + nl.m + r];
            }
            const a = a0 + 0.5 * state[eo + nl.n];
            this.cmu[c] = mu;
            this.cs2[c] = (state[eo + nl.b] * (1 + q)) / a;
            this.cnu[c] = 2 * a;
        }
        return new StudentTMixture(cw, this.cmu, this.cs2, this.cnu, G);
    }
}

/** The predictive of one population at every held-out row (CDF and log density at the observed y, mean). */
export function rowPredictives(population: ParticlePopulation, test: Dataset): RowPredictives {
    const rows = { cdf: new Float64Array(test.n), logDensity: new Float64Array(test.n), mean: new Float64Array(test.n) };
    const builder = new MixtureAtRow(population);
    for (let t = 0; t < test.n; t++) {
        const y = test.y[t];
        const mix = builder.at(test.X, t * test.d);
        if (mix) {
            rows.cdf[t] = mix.cdf(y);
            rows.logDensity[t] = mix.logDensity(y);
            rows.mean[t] = mix.mean;
        } else {
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
