import { describe, expect, it } from 'vitest';
import { runChain } from '../../packages/engine/src/pl/chain.js';
import { PooledPopulation, type ParticlePopulation } from '../../packages/engine/src/pl/population.js';
import { particleLayout } from '../../packages/engine/src/pl/particle-layout.js';
import { StickPrior } from '../../packages/engine/src/pl/stick-prior.js';
import { USAGE_BINS, usageOverObservations } from '../../packages/engine/src/pl/usage-over-observations.js';
import { studentTLogPdf } from './helpers/student-t.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import { hsmoeSyn10x3, plPlan, HORSESHOE } from './helpers/pl-fixtures.js';

/**
 * Usage over bins of observations with a band across particles, against a naive computation
 * written here from the population's state: the stick-breaking gate in log space and the exact
 * Student-t log density for every (particle, expert) pair (no grouping of shared blocks), each
 * particle's bin shares, then the weighted mean and weighted 5%/95% quantiles over particles.
 */
function naiveShares(pop: ParticlePopulation, data: Dataset, binEnd: number[]): Float64Array[][] {
    const { N, K, d, state, layout: lay } = pop;
    const nl = lay.nig;
    const out = binEnd.map(() => Array.from({ length: K }, () => new Float64Array(N)));
    let bin = 0;
    for (let t = 0; t < data.n; t++) {
        while (t >= binEnd[bin]) bin++;
        const size = binEnd[bin] - (bin > 0 ? binEnd[bin - 1] : 0);
        const xo = t * d;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            const logR: number[] = [];
            let rest = 0;
            for (let k = 0; k < K; k++) {
                let logPi = rest;
                if (k < K - 1) {
                    const so = base + lay.sticksOff + k * lay.stickStride + lay.stickPhi;
                    let psi = 0;
                    for (let c = 0; c < d; c++) psi += data.X[xo + c] * state[so + c];
                    logPi += -Math.log1p(Math.exp(-psi));
                    rest += -Math.log1p(Math.exp(psi));
                }
                const eo = base + k * lay.expertStride;
                const v: number[] = [];
                let q = 0;
                let m = 0;
                for (let r = 0; r < d; r++) {
                    let s = data.X[xo + r];
                    for (let c = 0; c < r; c++) s -= state[eo + nl.L + (r * (r + 1)) / 2 + c] * v[c];
                    v.push(s / state[eo + nl.L + (r * (r + 1)) / 2 + r]);
                    q += v[r] * v[r];
                    m += data.X[xo + r] * state[eo + nl.m + r];
                }
                const a = pop.priorShape + 0.5 * state[eo + nl.n];
                logR.push(logPi + studentTLogPdf(data.y[t], 2 * a, m, (state[eo + nl.b] * (1 + q)) / a));
            }
            const max = Math.max(...logR);
            const total = logR.reduce((acc, l) => acc + Math.exp(l - max), 0);
            for (let k = 0; k < K; k++) out[bin][k][i] += Math.exp(logR[k] - max) / total / size;
        }
    }
    return out;
}

/** The smallest value whose cumulative weight (in sorted order) reaches p. */
function weightedQuantile(values: Float64Array, W: Float64Array, p: number): number {
    const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
    let cum = 0;
    for (const i of order) {
        cum += W[i];
        if (cum >= p) return values[i];
    }
    return values[order[order.length - 1]];
}

describe('usage over observations', () => {
    const train = hsmoeSyn10x3(130, 5);
    const out = runChain(plPlan({ particles: 60, seed: 21 }), train, 0, {});
    const prior = new StickPrior(HORSESHOE, 10, train.d, true);
    const layout = particleLayout(10, train.d, 'gaussian', prior.shrunk, prior.horseshoe);
    const pop = new PooledPopulation(layout, prior, 2, [{ state: out.state, W: out.W, weight: 1 }]);

    it('bins the rows evenly, at most USAGE_BINS of them, and the shares of each bin sum to one', () => {
        const u = usageOverObservations(pop, train)!;
        expect(u.binEnd).toHaveLength(USAGE_BINS);
        expect(u.binEnd[USAGE_BINS - 1]).toBe(train.n);
        const sizes = u.binEnd.map((e, b) => e - (b > 0 ? u.binEnd[b - 1] : 0));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const row of u.mean) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        expect(usageOverObservations(pop, train, 500)!.binEnd).toHaveLength(train.n);
    });

    it('equals the naive per-particle computation: weighted mean and weighted 5%/95% quantiles of bin shares', () => {
        const u = usageOverObservations(pop, train)!;
        const naive = naiveShares(pop, train, u.binEnd);
        let banded = 0;
        for (let b = 0; b < u.binEnd.length; b++) {
            for (let k = 0; k < 10; k++) {
                const values = naive[b][k];
                const mean = values.reduce((acc, x, i) => acc + pop.W[i] * x, 0);
                // Sums of at most 60 x 3 terms in another order; the exact t density against the table's logNorm.
                expect(Math.abs(u.mean[b][k] - mean), `bin ${b} expert ${k}`).toBeLessThan(1e-10);
                expect(Math.abs(u.lower[b][k] - weightedQuantile(values, pop.W, 0.05))).toBeLessThan(1e-10);
                expect(Math.abs(u.upper[b][k] - weightedQuantile(values, pop.W, 0.95))).toBeLessThan(1e-10);
                if (u.upper[b][k] - u.lower[b][k] > 0.01) banded++;
            }
        }
        // The particles must disagree somewhere, or the band was never put to the test.
        expect(banded).toBeGreaterThan(10);
    });

    it('above the particle limit, takes a systematic subset by weight (offset 1/2) with equal weights', () => {
        const u = usageOverObservations(pop, train, 10, 20)!;
        const naive = naiveShares(pop, train, u.binEnd);
        // Particle j of the subset: the first i whose cumulative weight reaches (j + 1/2) / 20.
        const chosen: number[] = [];
        for (let j = 0; j < 20; j++) {
            let cum = 0;
            let i = 0;
            for (; i < pop.N - 1; i++) {
                cum += pop.W[i];
                if (cum >= (j + 0.5) / 20) break;
            }
            chosen.push(i);
        }
        const equal = new Float64Array(20).fill(1 / 20);
        for (let b = 0; b < 10; b++) {
            for (let k = 0; k < 10; k++) {
                const values = Float64Array.from(chosen, i => naive[b][k][i]);
                expect(Math.abs(u.mean[b][k] - values.reduce((a, x) => a + x / 20, 0))).toBeLessThan(1e-10);
                expect(Math.abs(u.upper[b][k] - weightedQuantile(values, equal, 0.95))).toBeLessThan(1e-10);
            }
        }
    });
});
