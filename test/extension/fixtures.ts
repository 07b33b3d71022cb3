/** Small, hand-made run results and plans to feed the extension's pure functions. */
import type { EmResult, ExecutionPlan, ParticleLearningResult } from '@moe-studio/engine';

export function plPlan(): ExecutionPlan {
    return {
        planVersion: 2,
        model: { name: 'tiny', source: '/models/tiny.moe' },
        data: {
            train: {
                name: 'train',
                line: 4,
                source: {
                    kind: 'csv',
                    path: '/models/data/tiny.csv',
                    target: 'y',
                    inputs: ['x'],
                    intercept: true,
                    standardize: false,
                    standardizeTarget: false
                }
            }
        },
        experts: {
            family: 'gaussian',
            count: 2,
            dimension: 2,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0], scale: 10, shape: 2, rate: 1 }
        },
        gate: {
            type: 'stick-breaking',
            prior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true }
        },
        inference: {
            algorithm: 'particle-learning',
            particles: 100,
            resampling: 'systematic',
            essThreshold: 0.5,
            refreshVisitedSticks: true,
            sweepEvery: 10,
            chains: 1,
            rejuvenateEvery: 0,
            rejuvenateSchedule: 'doubling',
            seed: 3
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

export function plResult(): ParticleLearningResult {
    return {
        resultVersion: 3,
        algorithm: 'particle-learning',
        model: { name: 'tiny', source: '/models/tiny.moe' },
        seed: 3,
        observations: 3,
        particles: 100,
        inputs: ['(intercept)', 'x'],
        experts: [
            {
                index: 0,
                usage: 0.7,
                usageInterval: { lower: 0.6, upper: 0.8 },
                coefficients: [1, 2],
                coefficientIntervals: [
                    { lower: 0.5, upper: 1.5 },
                    { lower: 1.5, upper: 2.5 }
                ],
                noiseVariance: 0.25
            },
            {
                index: 1,
                usage: 0.3,
                usageInterval: { lower: 0.2, upper: 0.4 },
                coefficients: [-1, 0],
                coefficientIntervals: [
                    { lower: -2, upper: 0 },
                    { lower: -0.5, upper: 0.5 }
                ],
                noiseVariance: 0.5
            }
        ],
        gate: { coefficients: [[0.4, -1.2]], shrinkage: [[0.8, 0.1]], globalScale: 0.3 },
        sortedUsage: [0.7, 0.3],
        particleSortedUsage: [0.7, 0.3],
        effectiveExperts: { entropy: 1.84, inverseSimpson: 1.72, aboveOnePercent: 2 },
        logMarginalLikelihood: -5.5,
        logMarginalLikelihoodSE: null,
        chains: [
            {
                chain: 0,
                seed: 3,
                logMarginalLikelihood: -5.5,
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
        agreement: {
            usageRhat: [1, 1],
            maxUsageRhat: 1,
            rhatThreshold: 1.1,
            sameExperts: true,
            splits: [],
            messages: []
        },
        diagnostics: {
            binWidth: 1,
            ess: { min: [100, 80, 55], mean: [100, 80, 55], max: [100, 80, 55] },
            resamplings: [0, 0, 1],
            logEvidenceIncrements: [-1, -2, -2.5],
            allocation: [
                [0.5, 0.5],
                [0.6, 0.4],
                [0.7, 0.3]
            ]
        },
        predictive: {
            observations: 2,
            logPredictiveDensity: -2.1,
            meanLogPredictiveDensity: -1.05,
            rmse: 0.4,
            coverage: { '0.5': 0.5, '0.9': 1 },
            points: [
                {
                    y: 1,
                    mean: 1.2,
                    intervals: { '0.5': { lower: 0.9, upper: 1.5 }, '0.9': { lower: 0.5, upper: 1.9 } }
                },
                {
                    y: -1,
                    mean: -0.7,
                    intervals: { '0.5': { lower: -1, upper: -0.4 }, '0.9': { lower: -1.5, upper: 0.1 } }
                }
            ]
        },
        timing: { seconds: 0.01, particleObservationsPerSecond: 30000 },
        warnings: []
    };
}

export function emResult(): EmResult {
    return {
        resultVersion: 3,
        algorithm: 'em',
        model: { name: 'tree', source: '/models/tree.moe' },
        seed: 1,
        observations: 2,
        inputs: ['(intercept)', 'x'],
        converged: true,
        iterations: 3,
        logLikelihoodTrace: [-10, -8, -7.5],
        logLikelihood: -7.5,
        aic: 31,
        bic: 40,
        parameters: 8,
        gates: {
            outer: { gate: 'softmax', weights: [[1], [0]], bias: [0.5, 0] },
            inner: [
                { gate: 'laplace', weights: [[-1], [1]], bias: [0, 0] },
                { gate: 'laplace', weights: [[0], [2]], bias: [0.2, 0] }
            ]
        },
        experts: [
            { outer: 0, inner: 0, coefficients: [1, 1], variance: 0.1, share: 0.25 },
            { outer: 0, inner: 1, coefficients: [2, -1], variance: 0.2, share: 0.25 },
            { outer: 1, inner: 0, coefficients: [0, 3], variance: 0.3, share: 0.25 },
            { outer: 1, inner: 1, coefficients: [-2, 0], variance: 0.4, share: 0.25 }
        ],
        responsibilities: [
            [0.7, 0.1, 0.1, 0.1],
            [0.1, 0.1, 0.1, 0.7]
        ],
        restarts: [{ restart: 0, initialization: 'flat-mixture', logLikelihood: -7.5, iterations: 3, converged: true }],
        timing: { seconds: 0.002, iterationsPerSecond: 1500 },
        warnings: ['one restart did not converge']
    };
}
