import type { EffectiveExperts, Interval, PlExpertSummary, PlGateSummary } from '../result/types.js';
import { quantile } from '../predictive/mixture.js';
import { StudentTMixture } from '../predictive/student-t-mixture.js';
import { distinctExpertComponents } from './expert-components.js';
import { noiseVarianceInterval } from './noise-variance.js';
import type { ParticlePopulation } from './population.js';

/** Central 90% intervals reported for usage and coefficients. */
const LOWER = 0.05;
const UPPER = 0.95;

/** Weighted quantiles (lower, upper) of values[i] with weights W[i] (inverse of the weighted ECDF). */
export function weightedInterval(
    values: ArrayLike<number>,
    W: ArrayLike<number>,
    lower = LOWER,
    upper = UPPER
): Interval {
    const n = values.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
    let cum = 0;
    let lo = NaN;
    let hi = NaN;
    for (const i of order) {
        cum += W[i];
        if (Number.isNaN(lo) && cum >= lower) lo = values[i];
        if (Number.isNaN(hi) && cum >= upper) {
            hi = values[i];
            break;
        }
    }
    if (Number.isNaN(hi)) hi = values[order[n - 1]];
    if (Number.isNaN(lo)) lo = values[order[n - 1]];
    return { lower: lo, upper: hi };
}

/**
 * Per-expert summaries (docs/method.md §3): usage, the weighted mean over the final particles of each
 * particle's path usage (its allocation probabilities averaged over time along its ancestry),
 * with the 90% interval of that same quantity, so mean and interval describe one posterior
 * (the time average of particle-averaged probabilities, `filter.usageSum`, also weights paths
 * that later died out and is kept only for live progress and usage over time); posterior mean and 90%
 * interval of each coefficient (Gaussian experts: the exact mixture over particles of the
 * marginal t posteriors beta_c ~ t_{2a}(m_c, (b/a)(Lambda^-1)_cc); Bernoulli experts: weighted
 * quantiles of the particles' draws); posterior mean noise variance E[s2] = b/(a-1).
 */
export function expertSummaries(filter: ParticlePopulation, observations: number): PlExpertSummary[] {
    const { N, K, d, state, W } = filter;
    const lay = filter.layout;
    const n = Math.max(observations, 1);
    const out: PlExpertSummary[] = [];
    const pathUsage = new Float64Array(N);
    const comps = lay.family === 'gaussian' ? distinctExpertComponents(filter) : undefined;
    const a0 = filter.priorShape;
    const nl = lay.nig;

    // Marginal posterior variance (Lambda^-1)_cc of every distinct component: ||L^-1 e_c||^2.
    const lambdaInvDiag = comps ? new Float64Array(comps.count * d) : new Float64Array(0);
    if (comps) {
        const v = new Float64Array(d);
        for (let g = 0; g < comps.count; g++) {
            const Lo = comps.offset[g] + nl.L;
            for (let c = 0; c < d; c++) {
                let q = 0;
                for (let r = 0; r < d; r++) {
                    const ro = Lo + (r * (r + 1)) / 2;
                    let s = r === c ? 1 : 0;
                    for (let cc = 0; cc < r; cc++) s -= state[ro + cc] * v[cc];
                    v[r] = s / state[ro + r];
                    q += v[r] * v[r];
                }
                lambdaInvDiag[g * d + c] = q;
            }
        }
    }

    for (let k = 0; k < K; k++) {
        let usage = 0;
        for (let i = 0; i < N; i++) {
            const u = state[i * lay.stride + lay.usageOff + k] / n;
            pathUsage[i] = u;
            usage += W[i] * u;
        }
        const coefficients: number[] = [];
        const coefficientIntervals: Interval[] = [];
        let noiseVariance: number | undefined;
        if (comps) {
            // Sum the particle weights of each distinct component of expert k.
            const weightOf = new Map<number, number>();
            for (let i = 0; i < N; i++) {
                const g = comps.componentOf[i * K + k];
                weightOf.set(g, (weightOf.get(g) ?? 0) + W[i]);
            }
            const groups = [...weightOf.keys()];
            const gw = groups.map(g => weightOf.get(g)!);
            noiseVariance = 0;
            for (let gi = 0; gi < groups.length; gi++) {
                const eo = comps.offset[groups[gi]];
                const a = a0 + 0.5 * state[eo + nl.n];
                noiseVariance += gw[gi] * (a > 1 ? state[eo + nl.b] / (a - 1) : Infinity);
            }
            for (let c = 0; c < d; c++) {
                const mu = groups.map(g => state[comps.offset[g] + nl.m + c]);
                const s2 = groups.map(g => {
                    const eo = comps.offset[g];
                    return (state[eo + nl.b] / (a0 + 0.5 * state[eo + nl.n])) * lambdaInvDiag[g * d + c];
                });
                const nu = groups.map(g => 2 * (a0 + 0.5 * state[comps.offset[g] + nl.n]));
                const mix = new StudentTMixture(gw, mu, s2, nu);
                let mean = 0;
                for (let gi = 0; gi < groups.length; gi++) mean += gw[gi] * mu[gi];
                coefficients.push(mean);
                coefficientIntervals.push({ lower: quantile(mix, LOWER), upper: quantile(mix, UPPER) });
            }
        } else {
            const draws = new Float64Array(N);
            for (let c = 0; c < d; c++) {
                let mean = 0;
                for (let i = 0; i < N; i++) {
                    draws[i] = state[i * lay.stride + k * lay.expertStride + lay.bernoulli.beta + c];
                    mean += W[i] * draws[i];
                }
                coefficients.push(mean);
                coefficientIntervals.push(weightedInterval(draws, W));
            }
        }
        out.push({
            index: k,
            usage,
            usageInterval: weightedInterval(pathUsage, W),
            coefficients,
            coefficientIntervals,
            ...(noiseVariance !== undefined ? { noiseVariance } : {}),
            ...(comps ? { noiseVarianceInterval: noiseVarianceInterval(filter, comps, k, LOWER, UPPER) } : {})
        });
    }
    return out;
}

/**
 * Gate summary (docs/method.md §3): posterior mean of each stick coefficient and of its shrinkage
 * factor kappa = 1/(1 + prior variance), i.e. 1/(1 + lambda^2 tau^2) under the horseshoe; the
 * posterior mean of tau.
 */
export function gateSummary(filter: ParticlePopulation): PlGateSummary {
    const { N, K, d, state, W } = filter;
    const lay = filter.layout;
    const coefficients: number[][] = [];
    const shrinkage: number[][] = [];
    for (let j = 0; j < K - 1; j++) {
        const coef = new Array<number>(d).fill(0);
        const kappa = new Array<number>(d).fill(0);
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            const so = base + lay.sticksOff + j * lay.stickStride + lay.stickPhi;
            for (let c = 0; c < d; c++) {
                coef[c] += W[i] * state[so + c];
                kappa[c] += W[i] / (1 + 1 / filter.stickPrecision(base, j, c));
            }
        }
        coefficients.push(coef);
        shrinkage.push(kappa);
    }
    const summary: PlGateSummary = { coefficients, shrinkage };
    if (filter.hasHorseshoe && K > 1) {
        let tau = 0;
        for (let i = 0; i < N; i++) tau += W[i] * Math.sqrt(state[i * lay.stride + lay.tauOff]);
        summary.globalScale = tau;
    }
    return summary;
}

/**
 * Posterior mean of each particle's sorted path usage: sum_i W_i sort(u_i), u_i the particle's
 * share of observations per expert. Label-invariant particle by particle, so experts whose
 * labels differ between particles of one filter (label switching) still count as one expert
 * each, where sorting the posterior-mean usage would split such an expert's share over labels.
 */
export function particleSortedUsage(population: ParticlePopulation, observations: number): number[] {
    const { N, K, state, W } = population;
    const lay = population.layout;
    const n = Math.max(observations, 1);
    const out = new Array<number>(K).fill(0);
    const u = new Float64Array(K);
    for (let i = 0; i < N; i++) {
        for (let k = 0; k < K; k++) u[k] = state[i * lay.stride + lay.usageOff + k] / n;
        u.sort();
        for (let k = 0; k < K; k++) out[k] += W[i] * u[K - 1 - k];
    }
    return out;
}

/**
 * Effective number of experts of a posterior-mean usage vector u (docs/method.md §3): the exponential
 * of its entropy, exp(-sum u_k log u_k), and the inverse Simpson index 1 / sum u_k^2 (both equal
 * the number of experts when usage is even over them, and are label-invariant), and the count of
 * experts with usage above 1%.
 */
export function effectiveExperts(usage: readonly number[]): EffectiveExperts {
    const total = usage.reduce((a, b) => a + b, 0);
    let entropy = 0;
    let simpson = 0;
    let above = 0;
    for (const raw of usage) {
        const u = total > 0 ? raw / total : 0;
        if (u > 0) entropy -= u * Math.log(u);
        simpson += u * u;
        if (u > 0.01) above++;
    }
    return { entropy: Math.exp(entropy), inverseSimpson: simpson > 0 ? 1 / simpson : 0, aboveOnePercent: above };
}
