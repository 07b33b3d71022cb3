/**
 * The JSON Schemas against the TypeScript contracts. The typed literals below must compile
 * against plan/types.ts and result/types.ts (every optional field filled in), and the schemas
 * must accept them and reject them with any field missing or added; real run results and
 * compiled example plans must validate too. A change on one side only fails here.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
    EmResult,
    ExecutionPlan,
    FittedCurve,
    ParticleLearningResult,
    PredictiveSummary
} from '@moe-studio/engine';
import { runPlan } from '../../../packages/engine/src/run-plan.js';
import { validatePlan } from '../../../packages/engine/src/plan/validate-plan.js';
import { PlanError } from '../../../packages/engine/src/errors.js';
import { resultSchemaProblems } from './result-schema.js';
import { clone, hmoePlan, sparseExpertsPlan } from './plans.js';

const predictive: PredictiveSummary = {
    observations: 2,
    logPredictiveDensity: -2.5,
    meanLogPredictiveDensity: -1.25,
    rmse: 0.7,
    coverage: { '0.5': 0.5, '0.9': 1 },
    points: [
        { y: 1, mean: 0.8, intervals: { '0.5': { lower: 0.5, upper: 1.1 }, '0.9': { lower: 0, upper: 1.6 } } },
        { y: -1, mean: -0.2, intervals: { '0.5': { lower: -0.5, upper: 0.1 }, '0.9': { lower: -1.2, upper: 0.8 } } }
    ]
};

const fittedCurve: FittedCurve = {
    input: 'x1',
    level: 0.9,
    x: [0, 1],
    mean: [0.5, 1],
    lower: [-1, -0.5],
    upper: [2, 2.5],
    data: { x: [0.2], y: [0.7], every: 2 }
};
const plResult: ParticleLearningResult = {
    resultVersion: 3,
    model: { name: 'm', source: '/m.moe' },
    seed: 1,
    observations: 2,
    inputs: ['(intercept)', 'x1'],
    dataFiles: [{ path: '/data/m.csv', sha256: 'ab'.repeat(32) }],
    predictive,
    fittedCurve,
    timing: { seconds: 0.5, particleObservationsPerSecond: 400, iterationsPerSecond: 1 },
    warnings: ['w'],
    algorithm: 'particle-learning',
    particles: 100,
    experts: [
        {
            index: 0,
            usage: 0.7,
            usageInterval: { lower: 0.6, upper: 0.8 },
            coefficients: [1, 2],
            coefficientIntervals: [
                { lower: 0, upper: 2 },
                { lower: 1, upper: 3 }
            ],
            noiseVariance: 0.3,
            noiseVarianceInterval: { lower: 0.2, upper: 0.4 }
        },
        {
            index: 1,
            usage: 0.3,
            usageInterval: { lower: 0.2, upper: 0.4 },
            coefficients: [0, 0],
            coefficientIntervals: [
                { lower: -1, upper: 1 },
                { lower: -1, upper: 1 }
            ]
        }
    ],
    gate: { coefficients: [[0.1, 0.2]], shrinkage: [[0.9, 0.4]], globalScale: 0.3 },
    sortedUsage: [0.7, 0.3],
    particleSortedUsage: [0.7, 0.3],
    effectiveExperts: { entropy: 1.84, inverseSimpson: 1.72, aboveOnePercent: 2 },
    logMarginalLikelihood: -3.2,
    logMarginalLikelihoodSE: null,
    chains: [
        {
            chain: 0,
            seed: 3,
            logMarginalLikelihood: -3.2,
            weight: 1,
            labels: [0, 1],
            experts: [],
            gate: { coefficients: [[0.4, -1.2]], shrinkage: [[0.8, 0.1]] },
            sortedUsage: [0.7, 0.3],
            particleSortedUsage: [0.7, 0.3],
            effectiveExperts: { entropy: 1.84, inverseSimpson: 1.72, aboveOnePercent: 2 },
            ess: { min: [100, 80], mean: [100, 80], max: [100, 80] },
            minEss: 80
        }
    ],
    agreement: { usageRhat: [1, 1], maxUsageRhat: 1, rhatThreshold: 1.1, sameExperts: true, splits: [], messages: [] },
    diagnostics: {
        binWidth: 1,
        ess: { min: [100, 60], mean: [100, 60], max: [100, 60] },
        resamplings: [0, 1],
        logEvidenceIncrements: [-1.5, -1.7],
        allocation: [
            [0.5, 0.5],
            [0.9, 0.1]
        ]
    },
    usageOverObservations: {
        binEnd: [1, 2],
        level: 0.9,
        mean: [
            [0.5, 0.5],
            [0.9, 0.1]
        ],
        lower: [
            [0.4, 0.4],
            [0.8, 0]
        ],
        upper: [
            [0.6, 0.6],
            [1, 0.2]
        ]
    }
};

const emResult: EmResult = {
    resultVersion: 3,
    model: { name: 'm', source: '/m.moe' },
    seed: 1,
    observations: 2,
    inputs: ['(intercept)', 'x1'],
    dataFiles: [{ path: '/data/m.csv', sha256: 'ab'.repeat(32) }],
    predictive,
    fittedCurve,
    timing: { seconds: 0.5, iterationsPerSecond: 40, particleObservationsPerSecond: 1 },
    warnings: [],
    algorithm: 'em',
    converged: true,
    iterations: 3,
    logLikelihoodTrace: [-5, -4, -3.9],
    logLikelihood: -3.9,
    aic: 20,
    bic: 21,
    parameters: 6,
    gates: {
        outer: { gate: 'softmax', weights: [[1], [0]], bias: [0.5, 0] },
        inner: [
            { gate: 'laplace', weights: [[0.2], [-0.2]], bias: [0.1, 0] },
            { gate: 'laplace', weights: [[0.3], [-0.3]], bias: [0, 0] }
        ]
    },
    experts: [{ outer: 0, inner: 0, coefficients: [1, 2], variance: 0.1, share: 0.5 }],
    responsibilities: [
        [0.5, 0.5, 0, 0],
        [0.1, 0.2, 0.3, 0.4]
    ],
    restarts: [{ restart: 0, initialization: 'flat-mixture', logLikelihood: -3.9, iterations: 3, converged: true }],
    estimationError: { voronoiLoss: 0.1, coefficientError: 0.05, trueLogLikelihood: -4 }
};

/** Every object path of a JSON value (the places a field could be dropped or added). */
function objectFieldPaths(value: unknown, path: string[] = []): string[][] {
    if (Array.isArray(value)) return value.length > 0 ? objectFieldPaths(value[0], [...path, '0']) : [];
    if (value === null || typeof value !== 'object') return [];
    return Object.entries(value).flatMap(([key, child]) => [
        [...path, key],
        ...objectFieldPaths(child, [...path, key])
    ]);
}

/** Paths of every plain object in a JSON value, the root included (where a field could be added). */
function objectPaths(value: unknown, path: string[] = []): string[][] {
    if (Array.isArray(value)) return value.length > 0 ? objectPaths(value[0], [...path, '0']) : [];
    if (value === null || typeof value !== 'object') return [];
    return [path, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...path, key]))];
}

function edited<T>(value: T, path: string[], edit: (parent: any, key: string) => void): T {
    const copy = clone(value) as any;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    edit(parent, path[path.length - 1]!);
    return copy;
}

/** Fields that the types declare optional (`?`); every other field must be required by the schema. */
const OPTIONAL_RESULT_FIELDS = new Set([
    'dataFiles',
    'predictive',
    'fittedCurve',
    'particleObservationsPerSecond',
    'iterationsPerSecond',
    'noiseVariance',
    'noiseVarianceInterval',
    'usageOverObservations',
    'globalScale',
    'estimationError'
]);
/** Record<string, ...> maps: their keys are data, not fields. */
const MAP_FIELDS = new Set(['coverage', 'intervals']);

describe('result schema matches result/types.ts', () => {
    it.each([
        ['particle learning', plResult],
        ['EM', emResult]
    ] as const)('%s: accepts the fully filled result', (_name, result) => {
        expect(resultSchemaProblems(clone(result))).toEqual([]);
    });

    it.each([
        ['particle learning', plResult],
        ['EM', emResult]
    ] as const)('%s: requires exactly the non-optional fields, and no others', (_name, result) => {
        for (const path of objectFieldPaths(result)) {
            const key = path[path.length - 1]!;
            if (MAP_FIELDS.has(path[path.length - 2] ?? '')) continue;
            if (/^\d+$/.test(key)) continue;
            const without = resultSchemaProblems(
                edited(result, path, (parent, k) => {
                    delete parent[k];
                })
            );
            expect(without.length > 0, `dropping ${path.join('/')}`).toBe(!OPTIONAL_RESULT_FIELDS.has(key));
        }
        for (const path of objectPaths(result)) {
            if (MAP_FIELDS.has(path[path.length - 1] ?? '')) continue;
            const extra = resultSchemaProblems(
                edited(result, [...path, 'unexpectedField'], (parent, k) => {
                    parent[k] = 1;
                })
            );
            expect(extra.length, `adding a field to /${path.join('/')}`).toBeGreaterThan(0);
        }
    });
});

/** Plan fields the types declare optional. */
const OPTIONAL_PLAN_FIELDS = new Set(['test', 'rows']);

describe('plan schema matches plan/types.ts', () => {
    it.each([
        ['PL plan', sparseExpertsPlan()],
        ['EM plan', hmoePlan()]
    ] as Array<[string, ExecutionPlan]>)(
        '%s: requires exactly the non-optional fields, and no others',
        (_name, plan) => {
            for (const path of objectFieldPaths(plan)) {
                const key = path[path.length - 1]!;
                if (/^\d+$/.test(key)) continue;
                let rejected = false;
                try {
                    validatePlan(
                        edited(plan, path, (parent, k) => {
                            delete parent[k];
                        })
                    );
                } catch (error) {
                    expect(error).toBeInstanceOf(PlanError);
                    rejected = true;
                }
                // Dropping a required field must fail; dropping an optional one may fail only
                // for consistency reasons (never for the schema), which the plans here avoid.
                expect(rejected, `dropping ${path.join('/')}`).toBe(!OPTIONAL_PLAN_FIELDS.has(key));
            }
            for (const path of objectPaths(plan)) {
                const extended = edited(plan, [...path, 'unexpectedField'], (parent, k) => {
                    parent[k] = 1;
                });
                expect(() => validatePlan(extended), `adding a field to /${path.join('/')}`).toThrow(/unknown field/);
            }
        }
    );
});

describe('real results validate against the result schema', () => {
    it('particle learning on a small sparse-experts stream', async () => {
        const result = await runPlan(sparseExpertsPlan({ n: 60, nTest: 30, particles: 40 }));
        expect(result.algorithm).toBe('particle-learning');
        expect(resultSchemaProblems(JSON.parse(JSON.stringify(result)))).toEqual([]);
    });

    it('EM on a small hierarchical stream', async () => {
        const result = await runPlan(hmoePlan({ n: 300 }));
        expect(result.algorithm).toBe('em');
        expect(resultSchemaProblems(JSON.parse(JSON.stringify(result)))).toEqual([]);
    });
});

const examplesDir = join(__dirname, '../../../examples');
const exampleModels = readdirSync(examplesDir).filter(f => f.endsWith('.moe') && f !== 'priors.moe');

describe.skipIf(exampleModels.length === 0)('compiled example plans validate', () => {
    it.each(exampleModels)('%s', async file => {
        const { compileModelFile } = await import('@moe-studio/language');
        const { plan, problems } = await compileModelFile(join(examplesDir, file));
        expect(problems.filter(p => p.severity === 'error')).toEqual([]);
        expect(() => validatePlan(clone(plan))).not.toThrow();
    });
});
