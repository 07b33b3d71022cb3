/**
 * Fixtures for the particle-learning tests and bench: the HSMOE-SYN-10x3 data of docs/method.md §4.2
 * and a particle-learning plan with §4.2's settings.
 */
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { generateSparseExperts } from '../../../packages/engine/src/data/generators/sparse-experts.js';
import type { Dataset } from '../../../packages/engine/src/data/dataset.js';
import type { ExecutionPlan, GatePrior } from '../../../packages/engine/src/plan/types.js';
import { sparseExpertsSource } from '../../../packages/engine/src/plan/sparse-experts-source.js';

export interface SyntheticData extends Dataset {
    /** True allocation (0-based expert) of each row. */
    z: Int32Array;
}

/**
 * HSMOE-SYN-10x3 (docs/method.md §4.2): n rows of the engine's sparse-experts generator (stream
 * `Rng.stream(seed, 'data')`), as a Dataset with the intercept column first.
 */
export function hsmoeSyn10x3(n: number, seed: number, name = 'train'): SyntheticData {
    const source = sparseExpertsSource(n, seed);
    const sample = generateSparseExperts(source);
    const p = sample.p;
    const d = p + 1;
    const X = new Float64Array(n * d);
    for (let t = 0; t < n; t++) {
        X[t * d] = 1;
        for (let j = 0; j < p; j++) X[t * d + 1 + j] = sample.x[t * p + j];
    }
    return {
        name,
        n,
        d,
        X,
        y: sample.y,
        z: sample.z,
        columns: ['(intercept)', ...Array.from({ length: p }, (_, j) => `x${j + 1}`)],
        lines: new Int32Array(0),
        source,
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
    chains?: number;
    rejuvenateEvery?: number;
    rejuvenateSchedule?: 'doubling' | 'every';
    refreshVisitedSticks?: boolean;
    essThreshold?: number;
    resampling?: 'multinomial' | 'systematic' | 'stratified' | 'residual';
    intervals?: number[];
}

export const HORSESHOE: GatePrior = { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true };
export const NORMAL_GATE: GatePrior = { kind: 'normal', mean: 0, variance: 1 };

/** A particle-learning plan with docs/method.md §4.2's priors and settings unless overridden. */
export function plPlan(o: PlPlanOptions = {}): ExecutionPlan {
    const d = o.d ?? 6;
    const train = { name: 'train', source: sparseExpertsSource(500, 20260114), line: 1 };
    return {
        planVersion: 2,
        model: { name: 'test', source: '/test.moe' },
        data: { train },
        experts: {
            family: 'gaussian',
            count: o.K ?? 10,
            dimension: d,
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
            chains: o.chains ?? 1,
            rejuvenateEvery: o.rejuvenateEvery ?? 0,
            rejuvenateSchedule: o.rejuvenateSchedule ?? 'doubling',
            seed: o.seed ?? 7919
        },
        predictive: { intervals: o.intervals ?? [0.5, 0.9] }
    };
}

/**
 * y = b0 + b1 x1 + b2 x2 + sd * eps with x ~ N(0, I_2): one linear-Gaussian regression, the
 * conjugate case in which the filter with one expert is exact.
 */
export function linearRegressionData(
    n: number,
    seed: number,
    coefficients: [number, number, number],
    sd: number,
    name = 'train'
): Dataset {
    const d = 3;
    const rng = Rng.stream(seed, 'data');
    const X = new Float64Array(n * d);
    const y = new Float64Array(n);
    const [b0, b1, b2] = coefficients;
    for (let t = 0; t < n; t++) {
        X[t * d] = 1;
        X[t * d + 1] = rng.normal();
        X[t * d + 2] = rng.normal();
        y[t] = b0 + b1 * X[t * d + 1] + b2 * X[t * d + 2] + sd * rng.normal();
    }
    const truth = { coefficients: [...coefficients], variance: sd * sd };
    return {
        name,
        n,
        d,
        X,
        y,
        columns: ['(intercept)', 'x1', 'x2'],
        lines: new Int32Array(0),
        source: { kind: 'shift', n, inputs: 2, shiftAt: n, before: truth, after: truth, intercept: true, seed },
        firstRow: 0
    };
}
