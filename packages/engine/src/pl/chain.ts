import type { ExecutionPlan, ParticleLearningSpec } from '../plan/types.js';
import type { Dataset } from '../data/dataset.js';
import type { RunHooks } from '../run-hooks.js';
import { CancelledError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { ParticleLearningFilter } from './filter.js';
import type { ChainTrace } from './trace-bins.js';

/**
 * One of the R independent filters of a particle-learning fit: everything the pooling step
 * (pool-chains.ts) needs, as plain typed arrays so it crosses a worker boundary by transfer.
 */
export interface ChainOutput {
    chain: number;
    /** Seed of this filter's random streams (chainSeed). */
    seed: number;
    particles: number;
    logZ: number;
    /** Final particle states (layout of particle-layout.ts) and normalised weights. */
    state: Float64Array;
    W: Float64Array;
    /** ESS, evidence increments, resamplings and allocation over time, binned (trace-bins.ts). */
    trace: ChainTrace;
    /** The same with one observation per bin, when the run asks for full traces (RunHooks.fullTraces). */
    fullTrace?: ChainTrace;
    /** PIT and log score of each training observation under the one-step-ahead predictive, when recorded (prequential.ts). */
    prequential?: { pit: Float64Array; logScores: Float64Array };
    clamps: number;
    jitters: number;
    maxJitter: number;
    degenerateSteps: number[];
    polyaGammaCapHits: number;
    moves: number;
    filterSeconds: number;
}

/**
 * Seed of filter r: the plan's seed for r = 0 (so one chain reproduces a single-filter run),
 * otherwise a 53-bit word from a stream named after r, so filters never share streams.
 */
export function chainSeed(seed: number, chain: number): number {
    if (chain === 0) return seed;
    const rng = new Rng(seed, `chain ${chain}`);
    return rng.nextUint32() * 2097152 + (rng.nextUint32() >>> 11);
}

export function filterFor(
    inference: ParticleLearningSpec,
    plan: ExecutionPlan,
    train: Dataset,
    seed: number,
    fullTraces = false
): ParticleLearningFilter {
    return new ParticleLearningFilter({
        particles: inference.particles,
        d: train.d,
        experts: plan.experts,
        gatePrior: plan.gate.type === 'stick-breaking' ? plan.gate.prior : { kind: 'normal', mean: 0, variance: 1 },
        hasIntercept: train.columns[0] === '(intercept)',
        resampling: inference.resampling,
        essThreshold: inference.essThreshold,
        refreshVisitedSticks: inference.refreshVisitedSticks,
        sweepEvery: Math.max(1, Math.floor(inference.sweepEvery)),
        seed,
        observations: train.n,
        keepAllocations: inference.rejuvenateEvery > 0,
        forgetting: inference.forgetting ?? 1,
        prequential: inference.prequential ?? (inference.forgetting ?? 1) < 1,
        fullTraces
    });
}

/** The observation count after which the next move comes, given the last one (0: none yet); Infinity when off. */
export function moveSchedule(inference: ParticleLearningSpec): (last: number) => number {
    const m = inference.rejuvenateEvery;
    if (!(m > 0)) return () => Infinity;
    return inference.rejuvenateSchedule === 'every' ? last => last + m : last => (last === 0 ? m : 2 * last);
}

/** Progress of one filter: observations done so far. */
export type ChainProgress = (observationsDone: number, ess: number) => void;

/**
 * Runs filter `chain` of the plan over the training stream. (Its held-out predictive is scored
 * when the filters are pooled, where the weights tell which filters matter.) Cancellation and progress are
 * polled about every 10^4 particle-expert evaluations and reported at the first poll, then at
 * most every `hooks.progressIntervalMs` (default 100 ms).
 */
export function runChain(
    plan: ExecutionPlan,
    train: Dataset,
    chain: number,
    hooks: RunHooks,
    onProgress?: ChainProgress
): ChainOutput {
    const inference = plan.inference as ParticleLearningSpec;
    const seed = chainSeed(inference.seed, chain);
    const started = performance.now();
    const filter = filterFor(inference, plan, train, seed, hooks.fullTraces);
    const N = inference.particles;
    const intervalMs = hooks.progressIntervalMs ?? 100;
    const checkEvery = Math.max(1, Math.ceil(1e4 / (N * plan.experts.count)));
    let lastReport = -Infinity;
    const moveAt = moveSchedule(inference);
    let nextMove = moveAt(0);
    for (let t = 0; t < train.n; t++) {
        filter.step(t, train.X, t * train.d, train.y[t]);
        if (t + 1 === nextMove) {
            filter.rejuvenate(t + 1, train.X, train.y);
            nextMove = moveAt(nextMove);
        }
        if ((t + 1) % checkEvery === 0 || t === train.n - 1) {
            const now = performance.now();
            if (now - lastReport >= intervalMs || t === train.n - 1) {
                lastReport = now;
                if (hooks.shouldStop?.()) throw new CancelledError();
                onProgress?.(t + 1, filter.ess);
            }
        }
    }
    const filterSeconds = (performance.now() - started) / 1000;
    return {
        chain,
        seed,
        particles: N,
        logZ: filter.logZ,
        state: filter.state,
        W: filter.W,
        trace: filter.traces[0].trace,
        ...(filter.traces[1] ? { fullTrace: filter.traces[1].trace } : {}),
        ...(filter.prequential
            ? { prequential: { pit: filter.prequential.pit, logScores: filter.prequential.logScores } }
            : {}),
        clamps: filter.clamps,
        jitters: filter.jitters,
        maxJitter: filter.maxJitter,
        degenerateSteps: filter.degenerateSteps,
        polyaGammaCapHits: filter.polyaGammaCapHits,
        moves: filter.moves,
        filterSeconds
    };
}
