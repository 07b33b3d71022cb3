import {
    cloneParams,
    eStep,
    fitHmoe,
    hierarchicalDataset,
    leafAtoms,
    newEStepBuffers,
    newParams,
    problemFromDataset,
    Rng,
    truthParams,
    type HierarchicalSource,
    type HmoeParams,
    type HmoeShape
} from '@moe-studio/engine';
import type { Combination } from './design.js';
import { hmoeVoronoiLoss, type HmoeLoss } from './voronoi-loss.js';

export type RatesCase = 'exact' | 'over';

export interface FitSettings {
    maxIterations: number;
    tolerance: number;
    /** Also start from the flat-mixture start (docs/method.md §5.3 (ii)) and keep the better fit. */
    flatMixtureStart: boolean;
}

/**
 * A start near the truth (each parameter plus N(0, 0.1²) noise), for the over-specified fit with
 * each node's extra leaves copied from its first leaf with the gate bias lowered by log 2 so the
 * copies share its mass. EM is a local method; the rates are properties of the MLE, so every fit
 * starts near the truth (and optionally from the data-driven flat-mixture start, keeping the better).
 */
export function startNearTruth(truth: HmoeParams, shape: HmoeShape, rng: Rng): HmoeParams {
    const start = newParams(shape);
    const t = cloneParams(truth);
    const k2True = t.inner[0]!.k;
    const { d, p } = shape;
    const jitter = (v: number) => v + 0.1 * rng.normal();
    start.outer.weights.set(t.outer.weights.map(jitter));
    start.outer.bias.set(t.outer.bias.map(jitter));
    for (let i1 = 0; i1 < shape.k1; i1++) {
        for (let i2 = 0; i2 < shape.k2; i2++) {
            const from = i2 < k2True ? i2 : 0;
            const shift = i2 >= k2True || (from === 0 && shape.k2 > k2True) ? -Math.LN2 : 0;
            for (let u = 0; u < p; u++)
                start.inner[i1]!.weights[i2 * p + u] = jitter(t.inner[i1]!.weights[from * p + u]!);
            start.inner[i1]!.bias[i2] = jitter(t.inner[i1]!.bias[from]!) + shift;
            const leaf = i1 * shape.k2 + i2;
            const trueLeaf = i1 * k2True + from;
            for (let j = 0; j < d; j++) start.coefficients[leaf * d + j] = jitter(t.coefficients[trueLeaf * d + j]!);
            start.variances[leaf] = t.variances[trueLeaf]! * Math.exp(0.1 * rng.normal());
        }
    }
    return start;
}

export interface RatesFitOutcome {
    loss: HmoeLoss;
    /** l_hat − l(truth) on the training data. */
    logLikelihoodGap: number;
    iterations: number;
    converged: boolean;
    /** Which start the kept fit came from. */
    start: 'near-truth' | 'flat-mixture' | 'random';
}

/** One fit: data from `source`, EM from the near-truth start (and the flat-mixture start when asked), the loss of the best. */
export function ratesFit(
    source: HierarchicalSource,
    combination: Combination,
    kase: RatesCase,
    settings: FitSettings,
    seed: number
): RatesFitOutcome {
    const train = hierarchicalDataset(source);
    const truth = truthParams(source);
    if ('reason' in truth) throw new Error(truth.reason);
    const shape: HmoeShape = { ...truth.shape, k2: kase === 'exact' ? truth.shape.k2 : truth.shape.k2 + 1 };
    const problem = problemFromDataset(shape, train, []);
    const fit = fitHmoe(problem, {
        maxIterations: settings.maxIterations,
        tolerance: settings.tolerance,
        restarts: settings.flatMixtureStart ? 1 : 0,
        initialization: 'flat-mixture',
        seed,
        starts: [startNearTruth(truth.params, shape, Rng.stream(seed, 'rates-start'))]
    });
    const trueLogLik = eStep(
        truth.shape,
        truth.params,
        problem.X,
        problem.Z,
        problem.y,
        problem.n,
        newEStepBuffers(truth.shape, problem.n)
    );
    const trace = fit.best.logLikelihoods;
    return {
        loss: hmoeVoronoiLoss(
            fit.best.params,
            truth.params,
            combination,
            shape.d,
            leafAtoms(shape, fit.best.params, problem.Z, problem.n).map(a => a.mass),
            leafAtoms(truth.shape, truth.params, problem.Z, problem.n).map(a => a.mass)
        ),
        logLikelihoodGap: trace[trace.length - 1]! - trueLogLik,
        iterations: fit.best.iterations,
        converged: fit.best.converged,
        start: fit.best.initialization === 'given' ? 'near-truth' : fit.best.initialization
    };
}
