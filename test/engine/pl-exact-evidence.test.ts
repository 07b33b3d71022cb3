import { describe, expect, it } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { ParticleLearningFilter } from '../../packages/engine/src/pl/filter.js';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { logGamma } from '../../packages/engine/src/special/log-gamma.js';
import { normalCdf } from '../../packages/engine/src/special/normal.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import { plPlan, HORSESHOE, NORMAL_GATE } from './helpers/pl-fixtures.js';

/**
 * Exact evidence of a small HS-MoE (K = 3 intercept-only Gaussian experts, one gate coordinate
 * per stick, n = 9) against the particle-learning estimate. The exact value sums over all 3^9
 * allocations: p(z) is a product over the two sticks of E[sigma(phi)^stop sigma(-phi)^pass]
 * under the gate prior (method.md §1.3, §1.5: stick 1 is at risk for every row, stick 2 for
 * rows with z >= 2), integrated by quadrature; for the horseshoe, over phi ~ N(0, lambda^2 tau^2)
 * with half-Cauchy lambda_j and one shared tau (§1.4); p(y | z) is the product of the closed-form
 * NIG evidences (§2.9 oracle 1). PL's Z-hat is unbiased, so the log of its mean over R runs must
 * be within 4 Monte Carlo standard errors (delta method) of the exact log Z.
 *
 * The horseshoe case re-draws every particle's scales (and phi) from the prior before the first
 * observation: the filter's default start lambda2 = tau2 = 1 (method.md §2.2) makes its
 * particles start from the N(0, 1) gate prior, so its Z-hat is not unbiased for the horseshoe
 * model (about 0.08 nats too low here, ~8 standard errors); the comparison with prior draws
 * checks the horseshoe Gibbs sweep, Polya-Gamma draws and stick redraws on their own.
 */
const y = [-2.1, 0.3, 1.9, -1.7, 2.4, 0.1, -2.5, 2.2, -0.2];
const n = y.length;

const sigmoid = (p: number): number => 1 / (1 + Math.exp(-p));

/** Simpson's rule for f on [-L, L] with step h (m even). */
function simpson(f: (x: number) => number, L: number, h: number): number {
    const m = 2 * Math.round(L / h);
    let acc = 0;
    for (let i = 0; i <= m; i++) acc += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * f(-L + i * h);
    return (acc * h) / 3;
}

/** E[sigma(phi)^a sigma(-phi)^b], phi ~ N(0, s^2). */
function stickMoment(a: number, b: number, s: number): number {
    if (s < 1e-7) return Math.pow(0.5, a + b);
    if (s > 1e9) return (a === 0 ? 0.5 : 0) + (b === 0 ? 0.5 : 0);
    const f = (p: number): number => Math.pow(sigmoid(p), a) * Math.pow(sigmoid(-p), b);
    const gauss = (w: number): number => Math.exp(-0.5 * w * w) / Math.sqrt(2 * Math.PI);
    if (s <= 1) return simpson((w) => f(s * w) * gauss(w), 12, 0.01);
    // Broad prior: integrate in phi over [-45, 45], where f has reached its limits, plus the tails.
    const L = 45;
    let tail = 0;
    if (b === 0) tail += 1 - normalCdf(L / s);
    if (a === 0) tail += normalCdf(-L / s);
    return simpson((p) => (f(p) * gauss(p / s)) / s, L, 0.01) + tail;
}

/** Density of log X, X ~ half-Cauchy(0, 1). */
const logHalfCauchy = (u: number): number => ((2 / Math.PI) * Math.exp(u)) / (1 + Math.exp(2 * u));

const DU = 0.2;
const U = 32;
const logGrid = Array.from({ length: Math.round((2 * U) / DU) + 1 }, (_, i) => -U + i * DU);
const momentGrids = new Map<string, Float64Array>();

/** stickMoment(a, b, exp(v)) on v = -2U .. 2U, step DU (the sums log lambda + log tau). */
function momentGrid(a: number, b: number): Float64Array {
    const key = `${a},${b}`;
    let g = momentGrids.get(key);
    if (!g) {
        const m = Math.round((4 * U) / DU);
        g = new Float64Array(m + 1);
        for (let i = 0; i <= m; i++) g[i] = stickMoment(a, b, Math.exp(-2 * U + i * DU));
        momentGrids.set(key, g);
    }
    return g;
}

/** Prior probability of an allocation with stick outcome counts (stop, pass) per stick. */
function allocationProbability(prior: 'normal' | 'horseshoe', s1: [number, number], s2: [number, number]): number {
    if (prior === 'normal') return stickMoment(s1[0], s1[1], 1) * stickMoment(s2[0], s2[1], 1);
    const g1 = momentGrid(s1[0], s1[1]);
    const g2 = momentGrid(s2[0], s2[1]);
    let total = 0;
    for (let it = 0; it < logGrid.length; it++) {
        let i1 = 0;
        let i2 = 0;
        for (let il = 0; il < logGrid.length; il++) {
            const w = logHalfCauchy(logGrid[il]) * DU;
            i1 += w * g1[it + il];
            i2 += w * g2[it + il];
        }
        total += logHalfCauchy(logGrid[it]) * DU * i1 * i2;
    }
    return total;
}

/** Closed-form NIG log evidence of intercept-only data (m0 = 0, V0 = 10, a0 = 2, b0 = 1, as in plPlan). */
function nigLogEvidence1(ys: number[]): number {
    const a0 = 2;
    const b0 = 1;
    const l0 = 0.1;
    let s = 0;
    let s2 = 0;
    for (const v of ys) { s += v; s2 += v * v; }
    const m = ys.length;
    const ln = l0 + m;
    const mn = s / ln;
    const an = a0 + m / 2;
    const bn = b0 + 0.5 * (s2 - mn * mn * ln);
    return (-m / 2) * Math.log(2 * Math.PI) + 0.5 * Math.log(l0 / ln) + a0 * Math.log(b0) - an * Math.log(bn) + logGamma(an) - logGamma(a0);
}

function exactLogZ(prior: 'normal' | 'horseshoe'): number {
    const byCounts = new Map<string, number>();
    let Z = 0;
    for (let code = 0; code < 3 ** n; code++) {
        const groups: number[][] = [[], [], []];
        let x = code;
        for (let t = 0; t < n; t++) { groups[x % 3].push(y[t]); x = Math.floor(x / 3); }
        const key = `${groups[0].length},${groups[1].length},${groups[2].length}`;
        let p = byCounts.get(key);
        if (p === undefined) {
            p = allocationProbability(prior, [groups[0].length, n - groups[0].length], [groups[1].length, groups[2].length]);
            byCounts.set(key, p);
        }
        Z += p * Math.exp(nigLogEvidence1(groups[0]) + nigLogEvidence1(groups[1]) + nigLogEvidence1(groups[2]));
    }
    return Math.log(Z);
}

const data: Dataset = {
    name: 'train', n, d: 1, X: new Float64Array(n).fill(1), y: Float64Array.from(y), columns: ['(intercept)'],
    lines: new Int32Array(0),
    source: { kind: 'shift', n, inputs: 0, shiftAt: n, before: { coefficients: [0], variance: 1 }, after: { coefficients: [0], variance: 1 }, intercept: true, seed: 1 },
    firstRow: 0
};

function summarise(logZ: number[]): { logMeanZ: number; se: number } {
    const runs = logZ.length;
    const max = Math.max(...logZ);
    const z = logZ.map((l) => Math.exp(l - max));
    const mean = z.reduce((a, b) => a + b, 0) / runs;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs - 1);
    return { logMeanZ: max + Math.log(mean), se: Math.sqrt(variance / runs) / mean };
}

/** PL log Z-hat with the horseshoe scales, nu, xi and phi of every particle drawn from the prior (method.md §1.4). */
function horseshoeFromPriorLogZ(seed: number, particles: number): number {
    const plan = plPlan({ K: 3, d: 1, particles, seed, gatePrior: HORSESHOE, sweepEvery: 1 });
    const filter = new ParticleLearningFilter({
        particles, d: 1, experts: plan.experts, gatePrior: HORSESHOE, hasIntercept: true, resampling: 'systematic',
        essThreshold: 1, refreshVisitedSticks: true, sweepEvery: 1, seed, observations: n
    });
    const lay = filter.layout;
    const rng = Rng.stream(seed, 'test-prior');
    const invGammaHalf = (scale: number): number => scale / rng.gamma(0.5);
    for (let i = 0; i < particles; i++) {
        const base = i * lay.stride;
        for (let m = 0; m < lay.shrunk; m++) {
            const nu = invGammaHalf(1);
            filter.state[base + lay.nuOff + m] = nu;
            filter.state[base + lay.lambda2Off + m] = invGammaHalf(1 / nu);
        }
        const xi = invGammaHalf(1);
        filter.state[base + lay.tauOff + 1] = xi;
        filter.state[base + lay.tauOff] = invGammaHalf(1 / xi);
        for (let j = 0; j < 2; j++) {
            const so = base + lay.sticksOff + j * lay.stickStride;
            const prec = filter.stickPrecision(base, j, 0);
            filter.state[so + lay.stickC] = Math.sqrt(prec);
            filter.state[so + lay.stickPhi] = rng.normal() / Math.sqrt(prec);
        }
    }
    for (let t = 0; t < n; t++) filter.step(t, data.X, t, y[t]);
    return filter.logZ;
}

describe('particle learning evidence against exact enumeration (K = 3, n = 9)', () => {
    const runs = 8;
    const particles = 2000;

    it('normal(0, 1) gate prior: log of mean Z-hat within 4 standard errors of the exact log Z', () => {
        const exact = exactLogZ('normal');
        const logZ = Array.from({ length: runs }, (_, r) =>
            runParticleLearning(plPlan({ K: 3, d: 1, particles, seed: 100 + r, gatePrior: NORMAL_GATE, sweepEvery: 1 }), data, undefined, {}).logMarginalLikelihood);
        const { logMeanZ, se } = summarise(logZ);
        expect(Math.abs(logMeanZ - exact)).toBeLessThan(4 * se);
    });

    it('horseshoe gate prior, particles started from the prior: log of mean Z-hat within 4 standard errors of the exact log Z', () => {
        const exact = exactLogZ('horseshoe');
        const { logMeanZ, se } = summarise(Array.from({ length: runs }, (_, r) => horseshoeFromPriorLogZ(100 + r, particles)));
        expect(Math.abs(logMeanZ - exact)).toBeLessThan(4 * se);
    });
});
