import { describe, expect, it } from 'vitest';
import { runChain } from '../../packages/engine/src/pl/chain.js';
import { rowPredictives } from '../../packages/engine/src/pl/predictive.js';
import { PooledPopulation, type ParticlePopulation } from '../../packages/engine/src/pl/population.js';
import { particleLayout } from '../../packages/engine/src/pl/particle-layout.js';
import { StickPrior } from '../../packages/engine/src/pl/stick-prior.js';
import { StudentTMixture } from '../../packages/engine/src/predictive/student-t-mixture.js';
import { hsmoeSyn10x3, plPlan, HORSESHOE } from './helpers/pl-fixtures.js';

/**
 * The held-out predictive groups (particle, expert) pairs with bit-identical expert blocks into
 * one component weighted by their summed gate weight. That is an exact identity of the mixture;
 * only the summation order differs from the mixture over every pair. Checked against that
 * naive N K-component mixture built here from the population's state (no grouping, no cached
 * order), on a population with moves and resampling at every step (many shared blocks).
 */
function naive(
    pop: ParticlePopulation,
    X: Float64Array,
    xo: number,
    y: number
): { cdf: number; logDensity: number; mean: number } {
    const { N, K, d, state, W, layout: lay } = pop;
    const nl = lay.nig;
    const w: number[] = [];
    const mu: number[] = [];
    const s2: number[] = [];
    const nu: number[] = [];
    for (let i = 0; i < N; i++) {
        const base = i * lay.stride;
        // Stick-breaking gate in log space, independently of the kernels.
        let rest = 0;
        for (let k = 0; k < K; k++) {
            let logPi = rest;
            if (k < K - 1) {
                const so = base + lay.sticksOff + k * lay.stickStride + lay.stickPhi;
                let psi = 0;
                for (let c = 0; c < d; c++) psi += X[xo + c] * state[so + c];
                logPi += -Math.log1p(Math.exp(-psi));
                rest += -Math.log1p(Math.exp(psi));
            }
            const eo = base + k * lay.expertStride;
            const v: number[] = [];
            let q = 0;
            let m = 0;
            for (let r = 0; r < d; r++) {
                let s = X[xo + r];
                for (let c = 0; c < r; c++) s -= state[eo + nl.L + (r * (r + 1)) / 2 + c] * v[c];
                v.push(s / state[eo + nl.L + (r * (r + 1)) / 2 + r]);
                q += v[r] * v[r];
                m += X[xo + r] * state[eo + nl.m + r];
            }
            const a = pop.priorShape + 0.5 * state[eo + nl.n];
            w.push(W[i] * Math.exp(logPi));
            mu.push(m);
            s2.push((state[eo + nl.b] * (1 + q)) / a);
            nu.push(2 * a);
        }
    }
    const mix = new StudentTMixture(w, mu, s2, nu);
    return { cdf: mix.cdf(y), logDensity: mix.logDensity(y), mean: mix.mean };
}

describe('held-out predictive over distinct expert blocks', () => {
    it('equals the mixture over every (particle, expert) pair to 1e-12 at every held-out row', () => {
        const train = hsmoeSyn10x3(120, 5);
        const test = hsmoeSyn10x3(60, 6, 'test');
        const plan = plPlan({ particles: 80, seed: 21, rejuvenateEvery: 10 });
        const out = runChain(plan, train, 0, {});
        const prior = new StickPrior(HORSESHOE, 10, train.d, true);
        const layout = particleLayout(10, train.d, 'gaussian', prior.shrunk, prior.horseshoe);
        const pop = new PooledPopulation(layout, prior, 2, [{ state: out.state, W: out.W, weight: 1 }]);
        const rows = rowPredictives(pop, test);
        let shared = 0;
        const seen = new Set<string>();
        for (let p = 0; p < 80 * 10; p++) {
            const eo = Math.floor(p / 10) * layout.stride + (p % 10) * layout.expertStride;
            const key = Array.from(out.state.subarray(eo, eo + layout.expertStride)).join(',');
            if (seen.has(key)) shared++;
            else seen.add(key);
        }
        // The grouping must have had copies to merge.
        expect(shared).toBeGreaterThan(100);
        for (let t = 0; t < test.n; t++) {
            const ref = naive(pop, test.X, t * test.d, test.y[t]);
            // Summation order only: sums of at most N K = 800 positive terms, each rounded once more or less.
            expect(Math.abs(rows.cdf[t] - ref.cdf), `cdf at row ${t}`).toBeLessThan(1e-12);
            expect(Math.abs(rows.logDensity[t] - ref.logDensity), `log density at row ${t}`).toBeLessThan(
                1e-12 * Math.max(1, Math.abs(ref.logDensity))
            );
            expect(Math.abs(rows.mean[t] - ref.mean), `mean at row ${t}`).toBeLessThan(
                1e-12 * Math.max(1, Math.abs(ref.mean))
            );
        }
    });
});
