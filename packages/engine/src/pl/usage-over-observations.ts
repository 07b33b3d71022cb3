import type { Dataset } from '../data/dataset.js';
import type { UsageOverObservations } from '../result/types.js';
import { logSigmoid } from '../special/log-sigmoid.js';
import { logGamma } from '../special/log-gamma.js';
import { distinctExpertComponents } from './expert-components.js';
import { gateProbabilitiesKernel } from './kernels/gate-probabilities.js';
import type { ParticlePopulation } from './population.js';
import { weightedInterval } from './summaries.js';

/** Most bins reported, so the result stays small however long the stream. */
export const USAGE_BINS = 50;
/**
 * Most particles the band is computed over: the computation costs particles x rows x experts,
 * as much as the filter itself at full size. Above it, MAX_PARTICLES are taken by systematic
 * resampling on W with offset 1/2 (deterministic, equal weights); the band's 5% and 95% levels
 * then carry a Monte Carlo error of about sqrt(0.05 * 0.95 / 200) = 0.015 in probability.
 */
export const USAGE_MAX_PARTICLES = 200;

/** Particles and weights the band is taken over: all of them, or a systematic subset (see above). */
function bandParticles(W: Float64Array, max: number): { index: Int32Array; weight: Float64Array } {
    const N = W.length;
    if (N <= max) return { index: Int32Array.from({ length: N }, (_, i) => i), weight: W };
    const index = new Int32Array(max);
    let cum = W[0];
    let i = 0;
    for (let j = 0; j < max; j++) {
        const u = (j + 0.5) / max;
        while (cum < u && i < N - 1) cum += W[++i];
        index[j] = i;
    }
    return { index, weight: new Float64Array(max).fill(1 / max) };
}

/**
 * Each expert's share of the training rows, bin by bin in row order, with a 90% band across
 * particles (docs/method.md §3). Under particle i, row t belongs to expert k with probability
 * r_ik(t) proportional to pi_k(x_t; phi_i) p_k(y_t | x_t, S_ik): the particle's gate times the
 * expert's posterior predictive at the row given the particle's final statistics (Gaussian: the
 * Student-t of §3; Bernoulli: sigma(x'beta_ik) or its complement). A bin's share under particle i
 * is the mean of r_ik(t) over its rows; the mean and the band are the W-weighted mean and 5%/95%
 * weighted quantiles of those shares over particles. Computed after the fit from the final
 * population (the filter keeps no per-particle history), each distinct expert block once per row,
 * over at most USAGE_MAX_PARTICLES particles.
 */
export function usageOverObservations(
    population: ParticlePopulation,
    train: Dataset,
    bins = USAGE_BINS,
    maxParticles = USAGE_MAX_PARTICLES
): UsageOverObservations | undefined {
    const { K, d, state, layout: lay } = population;
    const { index: particles, weight: W } = bandParticles(population.W, maxParticles);
    const N = particles.length;
    const n = train.n;
    if (n === 0) return undefined;
    const B = Math.min(bins, n);
    const binEnd = Array.from({ length: B }, (_, b) => Math.round(((b + 1) * n) / B));
    const share = new Float64Array(N * B * K);
    const gate = gateProbabilitiesKernel(d, {
        sticks: K - 1,
        sticksOff: lay.sticksOff,
        stickStride: lay.stickStride,
        stickPhi: lay.stickPhi
    });
    const psi = new Float64Array(Math.max(K - 1, 1));
    const pi = new Float64Array(K);
    const logR = new Float64Array(K);
    const comps = lay.family === 'gaussian' ? distinctExpertComponents(population) : undefined;
    const logDensity = new Float64Array(comps?.count ?? 0);
    const v = new Float64Array(d);
    const nl = lay.nig;
    // Only the blocks of the particles the band is taken over; log of the standard t_{2a} density at 0 of each.
    const used = new Uint8Array(comps?.count ?? 0);
    const logNorm = new Float64Array(comps?.count ?? 0);
    if (comps) {
        for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) used[comps.componentOf[particles[j] * K + k]] = 1;
        for (let c = 0; c < comps.count; c++) {
            const a = population.priorShape + 0.5 * state[comps.offset[c] + nl.n];
            if (used[c]) logNorm[c] = logGamma(a + 0.5) - logGamma(a) - 0.5 * Math.log(2 * a * Math.PI);
        }
    }
    let bin = 0;
    for (let t = 0; t < n; t++) {
        while (t >= binEnd[bin]) bin++;
        const size = binEnd[bin] - (bin > 0 ? binEnd[bin - 1] : 0);
        const xo = t * d;
        const y = train.y[t];
        if (comps) {
            // log t_{2a}(y; x'm, b (1 + x'Lambda^-1 x)/a) of every distinct block (L packed lower Cholesky of Lambda).
            for (let c = 0; c < comps.count; c++) {
                if (!used[c]) continue;
                const eo = comps.offset[c];
                let q = 0;
                let mu = 0;
                for (let r = 0; r < d; r++) {
                    const ro = eo + nl.L + ((r * (r + 1)) >> 1);
                    let s = train.X[xo + r];
                    for (let cc = 0; cc < r; cc++) s -= state[ro + cc] * v[cc];
                    v[r] = s / state[ro + r];
                    q += v[r] * v[r];
                    mu += train.X[xo + r] * state[eo + nl.m + r];
                }
                const a = population.priorShape + 0.5 * state[eo + nl.n];
                const s2 = (state[eo + nl.b] * (1 + q)) / a;
                const u = (y - mu) / Math.sqrt(s2);
                logDensity[c] = logNorm[c] - 0.5 * Math.log(s2) - (a + 0.5) * Math.log1p((u * u) / (2 * a));
            }
        }
        for (let j = 0; j < N; j++) {
            const i = particles[j];
            const base = i * lay.stride;
            if (K > 1) gate(state, base, train.X, xo, psi, 0, pi, 0);
            else pi[0] = 1;
            let max = -Infinity;
            for (let k = 0; k < K; k++) {
                let ll: number;
                if (comps) ll = logDensity[comps.componentOf[i * K + k]];
                else {
                    const bo = base + k * lay.expertStride + lay.bernoulli.beta;
                    let eta = 0;
                    for (let c = 0; c < d; c++) eta += train.X[xo + c] * state[bo + c];
                    ll = logSigmoid(y > 0.5 ? eta : -eta);
                }
                logR[k] = Math.log(pi[k]) + ll;
                if (logR[k] > max) max = logR[k];
            }
            if (max === -Infinity) continue;
            let total = 0;
            for (let k = 0; k < K; k++) {
                logR[k] = Math.exp(logR[k] - max);
                total += logR[k];
            }
            const so = (j * B + bin) * K;
            for (let k = 0; k < K; k++) share[so + k] += logR[k] / (total * size);
        }
    }
    const mean: number[][] = [];
    const lower: number[][] = [];
    const upper: number[][] = [];
    const values = new Float64Array(N);
    for (let b = 0; b < B; b++) {
        const m = new Array<number>(K).fill(0);
        const lo: number[] = [];
        const hi: number[] = [];
        for (let k = 0; k < K; k++) {
            for (let j = 0; j < N; j++) {
                values[j] = share[(j * B + b) * K + k];
                m[k] += W[j] * values[j];
            }
            const band = weightedInterval(values, W);
            lo.push(band.lower);
            hi.push(band.upper);
        }
        mean.push(m);
        lower.push(lo);
        upper.push(hi);
    }
    return { binEnd, level: 0.9, mean, lower, upper };
}
