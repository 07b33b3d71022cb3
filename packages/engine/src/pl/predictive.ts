import type { Dataset } from '../data/dataset.js';
import type { Interval, PredictiveSummary } from '../result/types.js';
import { NumericalError } from '../errors.js';
import { stickBreakingLogWeights } from '../gates/stick-breaking.js';
import { PredictiveScores, levelKey } from '../predictive/scores.js';
import { StudentTMixture } from '../predictive/student-t-mixture.js';
import { distinctExpertComponents } from './expert-components.js';
import type { ParticlePopulation } from './population.js';

/**
 * Held-out predictive of the filtered posterior (method.md §3):
 * p(y | x) = sum_i W_i sum_k pi_k(x; phi_i) t_{2a_ik}(y; x'm_ik, b_ik (1 + x'Lambda_ik^-1 x)/a_ik)
 * for Gaussian experts; for Bernoulli experts P(y = 1 | x) = sum_i W_i sum_k pi_k sigma(x'beta_ik).
 * Scores: log predictive density, RMSE of the predictive mean, coverage of central intervals.
 */
export function particlePredictive(filter: ParticlePopulation, test: Dataset, levels: number[]): PredictiveSummary {
    const { N, K, d, state, W } = filter;
    const lay = filter.layout;
    const sticks = K - 1;
    const scores = new PredictiveScores(levels, test.n);
    const psi = new Float64Array(Math.max(sticks, 1));
    const logPi = new Float64Array(K);
    const gaussian = lay.family === 'gaussian';
    const comps = gaussian ? distinctExpertComponents(filter) : undefined;
    const G = comps?.count ?? 0;
    const cw = new Float64Array(G);
    const cmu = new Float64Array(G);
    const cs2 = new Float64Array(G);
    const cnu = new Float64Array(G);
    const v = new Float64Array(d);
    const a0 = filter.priorShape;
    const nl = lay.nig;

    for (let t = 0; t < test.n; t++) {
        const xo = t * d;
        const X = test.X;
        const y = test.y[t];
        cw.fill(0);
        let p1 = 0;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            for (let j = 0; j < sticks; j++) {
                const so = base + lay.sticksOff + j * lay.stickStride + lay.stickPhi;
                let p = 0;
                for (let c = 0; c < d; c++) p += X[xo + c] * state[so + c];
                psi[j] = p;
            }
            if (sticks > 0) stickBreakingLogWeights(psi, 0, K, logPi, 0);
            else logPi[0] = 0;
            for (let k = 0; k < K; k++) {
                const wk = W[i] * Math.exp(logPi[k]);
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
        if (comps) {
            let wmax = 0;
            for (let c = 0; c < G; c++) if (cw[c] > wmax) wmax = cw[c];
            for (let c = 0; c < G; c++) {
                // Components below 1e-14 of the largest change the CDF by less than G * 1e-14.
                if (cw[c] < 1e-14 * wmax) { cw[c] = 0; continue; }
                const eo = comps.offset[c];
                let q = 0;
                let mu = 0;
                for (let r = 0; r < d; r++) {
                    const ro = eo + nl.L + (r * (r + 1)) / 2;
                    let s = X[xo + r];
                    for (let cc = 0; cc < r; cc++) s -= state[ro + cc] * v[cc];
                    v[r] = s / state[ro + r];
                    q += v[r] * v[r];
                    mu += X[xo + r] * state[eo + nl.m + r];
                }
                const a = a0 + 0.5 * state[eo + nl.n];
                cmu[c] = mu;
                cs2[c] = (state[eo + nl.b] * (1 + q)) / a;
                cnu[c] = 2 * a;
            }
            const mix = new StudentTMixture(cw, cmu, cs2, cnu, G);
            scores.add(y, mix);
            if (!Number.isFinite(mix.mean)) throw new NumericalError('predictive mean', t, `held-out stream ${test.name}`);
        } else {
            const p0 = 1 - p1;
            const intervals: Record<string, Interval> = {};
            for (const level of levels) {
                const alpha = (1 - level) / 2;
                intervals[levelKey(level)] = { lower: p0 >= alpha ? 0 : 1, upper: p0 >= 1 - alpha ? 0 : 1 };
            }
            scores.addScored(y, Math.log(y > 0.5 ? p1 : p0), p1, intervals);
        }
    }
    return scores.summary();
}
