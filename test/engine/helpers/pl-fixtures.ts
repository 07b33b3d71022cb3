/**
 * Fixtures for the particle-learning tests and bench: the HSMOE-SYN-10x3 data of method.md §4.2
 * (same draw order as the engine's generator: x (5 normals), u for z by inverse CDF over the
 * softmax probabilities, epsilon) and a particle-learning plan with §4.2's settings.
 */
import { Rng } from '../../../packages/engine/src/random/rng.js';
import type { Dataset } from '../../../packages/engine/src/data/dataset.js';
import type { ExecutionPlan, GatePrior, SparseExpertsSource } from '../../../packages/engine/src/plan/types.js';

const BETA_ACTIVE = [
    [2, 1, 0, -1, 0, 0],
    [-2, 0, 1, 0, -1, 0],
    [0, -1, -1, 0, 0, 1]
];
const W_ACTIVE = [
    [2, 0, 0, 0, 0],
    [-1, Math.sqrt(3), 0, 0, 0],
    [-1, -Math.sqrt(3), 0, 0, 0]
];

export interface SyntheticData extends Dataset {
    /** True allocation (0-based expert) of each row. */
    z: Int32Array;
}

export function sparseExpertsSource(n: number, seed: number): SparseExpertsSource {
    return {
        kind: 'sparse-experts', experts: 10, active: 3, n, inputs: 5, noise: 0.5, inactiveNoise: 1,
        inactiveBias: -3, temperature: 0.7, intercept: true, seed
    };
}

/** HSMOE-SYN-10x3 (method.md §4.2): n rows from stream `Rng.stream(seed, 'data')`. */
export function hsmoeSyn10x3(n: number, seed: number, name = 'train'): SyntheticData {
    const K = 10;
    const p = 5;
    const d = p + 1;
    const rng = Rng.stream(seed, 'data');
    const X = new Float64Array(n * d);
    const y = new Float64Array(n);
    const z = new Int32Array(n);
    const logits = new Float64Array(K);
    const x = new Float64Array(p);
    for (let t = 0; t < n; t++) {
        for (let j = 0; j < p; j++) x[j] = rng.normal();
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
            let l = k < 3 ? 0 : -3;
            if (k < 3) for (let j = 0; j < p; j++) l += W_ACTIVE[k][j] * x[j];
            logits[k] = l / 0.7;
            if (logits[k] > max) max = logits[k];
        }
        let s = 0;
        for (let k = 0; k < K; k++) { logits[k] = Math.exp(logits[k] - max); s += logits[k]; }
        const u = rng.uniform();
        let cum = 0;
        let k = K - 1;
        for (let c = 0; c < K; c++) {
            cum += logits[c] / s;
            if (u <= cum) { k = c; break; }
        }
        z[t] = k;
        const beta = k < 3 ? BETA_ACTIVE[k] : [k + 1 - 7, 0, 0, 0, 0, 0];
        const sigma = k < 3 ? 0.5 : 1;
        X[t * d] = 1;
        let mean = beta[0];
        for (let j = 0; j < p; j++) {
            X[t * d + 1 + j] = x[j];
            mean += beta[1 + j] * x[j];
        }
        y[t] = mean + sigma * rng.normal();
    }
    return {
        name, n, d, X, y, z,
        columns: ['(intercept)', 'x1', 'x2', 'x3', 'x4', 'x5'],
        lines: new Int32Array(0),
        source: sparseExpertsSource(n, seed),
        firstRow: 0
    };
}

export interface PlPlanOptions {
    K?: number;
    d?: number;
    particles?: number;
    seed?: number;
    gatePrior?: GatePrior;
    sweepEvery?: number;
    refreshVisitedSticks?: boolean;
    essThreshold?: number;
    resampling?: 'multinomial' | 'systematic' | 'stratified' | 'residual';
    intervals?: number[];
}

export const HORSESHOE: GatePrior = { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true };
export const NORMAL_GATE: GatePrior = { kind: 'normal', mean: 0, variance: 1 };

/** A particle-learning plan with method.md §4.2's priors and settings unless overridden. */
export function plPlan(o: PlPlanOptions = {}): ExecutionPlan {
    const d = o.d ?? 6;
    const train = { name: 'train', source: sparseExpertsSource(500, 20260114), line: 1 };
    return {
        planVersion: 1,
        model: { name: 'test', source: '/test.moe' },
        data: { train },
        experts: {
            family: 'gaussian', count: o.K ?? 10, dimension: d,
            prior: { kind: 'normal-inverse-gamma', mean: new Array(d).fill(0), scale: 10, shape: 2, rate: 1 }
        },
        gate: { type: 'stick-breaking', prior: o.gatePrior ?? HORSESHOE },
        inference: {
            algorithm: 'particle-learning',
            particles: o.particles ?? 1000,
            resampling: o.resampling ?? 'systematic',
            essThreshold: o.essThreshold ?? 1,
            refreshVisitedSticks: o.refreshVisitedSticks ?? true,
            sweepEvery: o.sweepEvery ?? 1,
            seed: o.seed ?? 7919
        },
        predictive: { intervals: o.intervals ?? [0.5, 0.9] }
    };
}
