import {
    eStep,
    fitHmoe,
    newEStepBuffers,
    newParams,
    Rng,
    varianceFloorFor,
    type EmProblem,
    type HmoeParams,
    type HmoeShape
} from '@moe-studio/engine';
import type { FlatSample } from './sample.js';
import type { SoftmaxMoeTruth } from './truth.js';
import type { SoftmaxAtom } from './voronoi-d1.js';

/** A flat MoE of K experts is the two-level model with K outer branches of one leaf each. */
export function flatShape(K: number): HmoeShape {
    return { k1: K, k2: 1, outerGate: 'softmax', innerGate: 'softmax', d: 2, p: 1 };
}

export function problemFromSample(sample: FlatSample, K: number): EmProblem {
    const { n, x, y } = sample;
    const X = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = x[i]!;
    }
    return { shape: flatShape(K), n, X, Z: x, y, varianceFloor: varianceFloorFor(y, n).floor };
}

export function paramsFromTruth(truth: SoftmaxMoeTruth): HmoeParams {
    const K = truth.variance.length;
    const params = newParams(flatShape(K));
    for (let k = 0; k < K; k++) {
        params.outer.weights[k] = truth.gateSlope[k]!;
        params.outer.bias[k] = truth.gateIntercept[k]!;
        params.coefficients[2 * k] = truth.expertIntercept[k]!;
        params.coefficients[2 * k + 1] = truth.expertSlope[k]!;
        params.variances[k] = truth.variance[k]!;
    }
    return params;
}

/** Atoms of a fit, gate parameters re-expressed with the last expert pinned at zero. */
export function atomsOf(params: HmoeParams): SoftmaxAtom[] {
    const K = params.outer.k;
    const w0 = params.outer.weights[K - 1]!;
    const b0 = params.outer.bias[K - 1]!;
    return Array.from({ length: K }, (_, k) => ({
        gateIntercept: params.outer.bias[k]! - b0,
        gateSlope: params.outer.weights[k]! - w0,
        expertIntercept: params.coefficients[2 * k]!,
        expertSlope: params.coefficients[2 * k + 1]!,
        variance: params.variances[k]!
    }));
}

/**
 * The start near the truth: every free parameter plus N(0, jitter²), each variance times
 * exp(jitter N(0, 1)); the last expert's gate stays pinned at zero. The public code starts its
 * EM at the true parameters; a small perturbation keeps EM from stopping at its starting point.
 */
export function startNearTruth(truth: SoftmaxMoeTruth, jitter: number, rng: Rng): HmoeParams {
    const start = paramsFromTruth(truth);
    const K = truth.variance.length;
    for (let k = 0; k < K; k++) {
        if (k < K - 1) {
            start.outer.weights[k] += jitter * rng.normal();
            start.outer.bias[k] += jitter * rng.normal();
        }
        start.coefficients[2 * k] += jitter * rng.normal();
        start.coefficients[2 * k + 1] += jitter * rng.normal();
        start.variances[k] *= Math.exp(jitter * rng.normal());
    }
    return start;
}

export interface FlatFitOutcome {
    atoms: SoftmaxAtom[];
    iterations: number;
    converged: boolean;
    /** l(fit) − l(truth) on the training data. */
    logLikelihoodGap: number;
}

export function fitNearTruth(
    sample: FlatSample,
    truth: SoftmaxMoeTruth,
    settings: { maxIterations: number; tolerance: number; jitter: number },
    rng: Rng
): FlatFitOutcome {
    const K = truth.variance.length;
    const problem = problemFromSample(sample, K);
    const fit = fitHmoe(problem, {
        maxIterations: settings.maxIterations,
        tolerance: settings.tolerance,
        restarts: 0,
        initialization: 'random',
        seed: 0,
        screenIterations: settings.maxIterations,
        starts: [startNearTruth(truth, settings.jitter, rng)]
    });
    const trace = fit.best.logLikelihoods;
    const truthLogLik = eStep(
        problem.shape,
        paramsFromTruth(truth),
        problem.X,
        problem.Z,
        problem.y,
        problem.n,
        newEStepBuffers(problem.shape, problem.n)
    );
    return {
        atoms: atomsOf(fit.best.params),
        iterations: fit.best.iterations,
        converged: fit.best.converged,
        logLikelihoodGap: trace[trace.length - 1]! - truthLogLik
    };
}
