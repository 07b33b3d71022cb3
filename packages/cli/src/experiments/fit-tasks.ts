/**
 * The experiments' fits as plain-data tasks, so they can run on the experiment pool's
 * threads (experiment-worker.ts) as well as on this one. Each task carries everything its fit
 * depends on (design, size, replicate seed, EM settings), so its result is the same wherever and
 * alongside whatever it runs.
 */
import { Rng } from '@moe-studio/engine';
import type { Combination } from './hmoe-rates/design.js';
import { designSource } from './hmoe-rates/design.js';
import { ratesFit, type FitSettings, type RatesCase } from './hmoe-rates/fit.js';
import type { HmoeLoss } from './hmoe-rates/voronoi-loss.js';
import { fitNearTruth } from './hmoe-softmax-rate/fit.js';
import { sampleSoftmaxMoe } from './hmoe-softmax-rate/sample.js';
import type { SoftmaxRateDesign } from './hmoe-softmax-rate/truth.js';
import { voronoiD1, type SoftmaxAtom } from './hmoe-softmax-rate/voronoi-d1.js';
import { topKFitTask } from './hs-moe/topk-fits.js';

export { topKFitTask };

export interface RatesFitTask {
    combination: Combination;
    case: RatesCase;
    n: number;
    replicate: number;
    seed: number;
    settings: FitSettings;
}

/** One fit: where it stands in the design, its losses (HmoeLoss) and how EM went. */
export interface RatesFitRecord extends HmoeLoss {
    combination: Combination;
    case: RatesCase;
    n: number;
    replicate: number;
    seed: number;
    logLikelihoodGap: number;
    iterations: number;
    converged: boolean;
}

export function ratesFitTask(task: RatesFitTask): RatesFitRecord {
    const { combination, n, replicate, seed } = task;
    const fit = ratesFit(designSource(combination, n, seed), combination, task.case, task.settings, seed);
    return {
        combination,
        case: task.case,
        n,
        replicate,
        seed,
        loss: fit.loss.loss,
        firstOrder: fit.loss.firstOrder,
        massLoss: fit.loss.massLoss,
        massFirstOrder: fit.loss.massFirstOrder,
        overSpecified: fit.loss.overSpecified,
        exact: fit.loss.exact,
        cellSizes: fit.loss.cellSizes,
        logLikelihoodGap: fit.logLikelihoodGap,
        iterations: fit.iterations,
        converged: fit.converged
    };
}

export interface SoftmaxRateFitTask {
    design: SoftmaxRateDesign;
    n: number;
    replicate: number;
    /** The experiment's base seed; the data and start streams are derived from it and the fit's place. */
    seed: number;
    settings: { maxIterations: number; tolerance: number; jitter: number };
    /** The truth's atoms, in the loss's layout. */
    truth: SoftmaxAtom[];
}

export interface SoftmaxRateFit {
    design: string;
    n: number;
    replicate: number;
    d1: number;
    iterations: number;
    converged: boolean;
    logLikelihoodGap: number;
    atoms: SoftmaxAtom[];
}

/** A data set from its own stream (seed, design, n, replicate), EM from a start near the truth, D1 against the truth. */
export function softmaxRateFitTask(task: SoftmaxRateFitTask): SoftmaxRateFit {
    const { design, n, replicate: r } = task;
    const purpose = `hmoe-softmax-rate/${design.name}/n=${n}/r=${r}`;
    const sample = sampleSoftmaxMoe(design, n, Rng.stream(task.seed, `${purpose}/data`));
    const fit = fitNearTruth(sample, design.truth, task.settings, Rng.stream(task.seed, `${purpose}/start`));
    return {
        design: design.name,
        n,
        replicate: r,
        d1: voronoiD1(fit.atoms, task.truth),
        iterations: fit.iterations,
        converged: fit.converged,
        logLikelihoodGap: fit.logLikelihoodGap,
        atoms: fit.atoms
    };
}

/** The task kinds the experiment worker serves: its named exports. */
export const FIT_TASKS = { ratesFitTask, softmaxRateFitTask, topKFitTask } as const;
export type FitTaskKind = keyof typeof FIT_TASKS;
