/**
 * Hand-made execution plans for tests: every field written out, typed against the contract so
 * a change of the plan types fails the type-check here, and the schema test then checks that
 * plans.schema.json accepts exactly these shapes.
 */
import { hmoeRatesSource, sparseExpertsSource, type ExecutionPlan } from '@moe-studio/engine/plan';

/** docs/method.md §4.2 (HSMOE-SYN-10x3), with small sizes unless given. */
export function sparseExpertsPlan(
    options: { n?: number; nTest?: number; particles?: number; seed?: number } = {}
): ExecutionPlan {
    return {
        planVersion: 2,
        model: { name: 'hs-moe-synthetic', source: '/models/hs-moe-synthetic.moe' },
        data: {
            train: { name: 'train', source: sparseExpertsSource(options.n ?? 500, 20260114), line: 3 },
            test: { name: 'heldout', source: sparseExpertsSource(options.nTest ?? 200, 99), line: 4 }
        },
        experts: {
            family: 'gaussian',
            count: 10,
            dimension: 6,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0, 0, 0, 0], scale: 10, shape: 2, rate: 1 }
        },
        gate: {
            type: 'stick-breaking',
            prior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true }
        },
        inference: {
            algorithm: 'particle-learning',
            particles: options.particles ?? 1000,
            resampling: 'systematic',
            essThreshold: 1,
            refreshVisitedSticks: true,
            sweepEvery: 1,
            chains: 1,
            rejuvenateEvery: 0,
            rejuvenateSchedule: 'doubling',
            seed: options.seed ?? 7919
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** The HMOE-RATES truth of docs/method.md §5.5 with the given gate kinds. */
export const hmoeSource = hmoeRatesSource;

export function hmoePlan(
    options: { n?: number; seed?: number; outer?: 'softmax' | 'laplace'; inner?: 'softmax' | 'laplace' } = {}
): ExecutionPlan {
    const outer = options.outer ?? 'laplace';
    const inner = options.inner ?? 'laplace';
    return {
        planVersion: 2,
        model: { name: 'hmoe', source: '/models/hmoe.moe' },
        data: {
            train: {
                name: 'train',
                source: hmoeSource(outer, inner, options.n ?? 1000, 1000),
                rows: { start: 0, end: options.n ?? 1000 },
                line: 2
            },
            test: { name: 'heldout', source: hmoeSource(outer, inner, 500, 2000), line: 3 }
        },
        experts: {
            family: 'gaussian',
            count: 4,
            dimension: 3,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0], scale: 10, shape: 2, rate: 1 }
        },
        gate: { type: 'hierarchical', outer: { gate: outer, branches: 2 }, inner: { gate: inner, branches: 2 } },
        inference: {
            algorithm: 'em',
            maxIterations: 200,
            tolerance: 1e-8,
            restarts: 2,
            initialization: 'flat-mixture',
            seed: options.seed ?? 1
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** A plan over a CSV file: train and test are row ranges (a split) of the same file. */
export function csvPlan(
    path: string,
    split: { train: [number, number]; test: [number, number] },
    inputs = ['x1', 'x2']
): ExecutionPlan {
    const source = {
        kind: 'csv' as const,
        path,
        target: 'y',
        inputs,
        intercept: true,
        standardize: true,
        standardizeTarget: false
    };
    return {
        planVersion: 2,
        model: { name: 'csv-model', source: '/models/csv.moe' },
        data: {
            train: { name: 'train', source, rows: { start: split.train[0], end: split.train[1] }, line: 5 },
            test: { name: 'heldout', source, rows: { start: split.test[0], end: split.test[1] }, line: 5 }
        },
        experts: {
            family: 'gaussian',
            count: 3,
            dimension: inputs.length + 1,
            prior: {
                kind: 'normal-inverse-gamma',
                mean: new Array<number>(inputs.length + 1).fill(0),
                scale: 10,
                shape: 2,
                rate: 1
            }
        },
        gate: { type: 'stick-breaking', prior: { kind: 'normal', mean: 0, variance: 5 } },
        inference: {
            algorithm: 'particle-learning',
            particles: 50,
            resampling: 'stratified',
            essThreshold: 0.5,
            refreshVisitedSticks: false,
            sweepEvery: 10,
            chains: 1,
            rejuvenateEvery: 0,
            rejuvenateSchedule: 'doubling',
            seed: 3
        },
        predictive: { intervals: [0.9] }
    };
}

/** A shift stream fitted by PL with two experts and no held-out stream. */
export function shiftPlan(): ExecutionPlan {
    const plan = sparseExpertsPlan();
    return {
        ...plan,
        data: {
            train: {
                name: 'stream',
                line: 2,
                source: {
                    kind: 'shift',
                    n: 300,
                    inputs: 2,
                    shiftAt: 150,
                    before: { coefficients: [1, 2, 0], variance: 0.25 },
                    after: { coefficients: [-1, 0, 3], variance: 0.25 },
                    intercept: true,
                    seed: 5
                }
            }
        },
        experts: {
            family: 'gaussian',
            count: 2,
            dimension: 3,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0], scale: 10, shape: 2, rate: 1 }
        }
    };
}

/** A deep copy, so tests can break one field without touching the fixture. */
export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}
