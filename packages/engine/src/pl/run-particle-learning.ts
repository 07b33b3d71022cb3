import type { ExecutionPlan } from '../plan/types.js';
import type { Dataset } from '../data/dataset.js';
import type { ParticleLearningResult } from '../result/types.js';
import type { RunHooks } from '../run-hooks.js';
import { DataError, PlanError } from '../errors.js';
import { runChain, type ChainOutput } from './chain.js';
import { filterWeights, poolChains, poolChainsMeanwhile } from './pool-chains.js';
import { weighingFilters, type RowPredictives } from './predictive.js';
import { particleLayout } from './particle-layout.js';
import { StickPrior } from './stick-prior.js';

/**
 * Runs filters of a plan and resolves with their outputs in filter order; `onProgress` gets
 * (filter, observations done, ESS). The default runs them one after another on this thread; a
 * worker pool (parallel/) runs them side by side. Either way each filter is a function of the
 * plan and its index only, so the pooled result is the same bit for bit.
 */
export type ChainRunner = (
    plan: ExecutionPlan,
    chains: number[],
    onProgress: (chain: number, done: number, ess: number) => void
) => Promise<ChainOutput[]>;

/**
 * Scores filters' final particles at every one of n held-out rows (predictive.ts
 * `rowPredictives`), for instance on a worker pool; resolves in the order of `outputs`.
 */
export type HeldOutScorer = (plan: ExecutionPlan, outputs: ChainOutput[], n: number) => Promise<RowPredictives[]>;

/** Checks that the plan and data suit particle learning (throws PlanError / DataError). */
export function checkParticleLearning(plan: ExecutionPlan, train: Dataset, test: Dataset | undefined): void {
    const inference = plan.inference;
    if (inference.algorithm !== 'particle-learning')
        throw new PlanError('expected particle-learning', '/inference/algorithm');
    if (plan.gate.type !== 'stick-breaking')
        throw new PlanError('particle learning needs a stick-breaking gate', '/gate/type');
    if (plan.experts.dimension !== train.d) {
        throw new PlanError(
            `experts have dimension ${plan.experts.dimension} but the design has ${train.d} columns`,
            '/experts/dimension'
        );
    }
    if (plan.experts.count < 1) throw new PlanError('need at least one expert', '/experts/count');
    if (plan.experts.family === 'bernoulli' && inference.rejuvenateEvery > 0) {
        throw new PlanError(
            'the resample-move step (rejuvenate_every) needs Gaussian experts: Bernoulli experts carry a coefficient draw, not statistics a Gibbs sweep can rebuild',
            '/inference/rejuvenateEvery'
        );
    }
    checkMemory(plan, train);
    if (plan.experts.family === 'bernoulli') {
        checkBinary(train);
        if (test) checkBinary(test);
    }
}

/**
 * HS-MoE particle learning (docs/method.md §2) with R = `chains` independent filters on this
 * thread, pooled by their evidence (pool-chains.ts), then the held-out predictive (§3).
 */
export function runParticleLearning(
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    hooks: RunHooks,
    heldOutPoints?: number
): ParticleLearningResult {
    checkParticleLearning(plan, train, test);
    const started = performance.now();
    const R = chainCount(plan);
    const progress = chainProgress(plan, train, hooks, started);
    progress(0, 0, Infinity);
    const outputs = Array.from({ length: R }, (_, r) =>
        runChain(plan, train, r, hooks, (done, ess) => progress(r, done, ess))
    );
    summarising(plan, train, hooks, started);
    return poolChains(plan, train, test, outputs, (performance.now() - started) / 1000, heldOutPoints);
}

/**
 * The same with the filters run by `runner` (for instance on a worker pool), and, with a
 * `scorer`, the held-out rows of the filters that weigh scored by it too (on the same pool)
 * while this thread computes the other summaries; the result is the same bit for bit.
 */
export async function runParticleLearningWith(
    runner: ChainRunner,
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    hooks: RunHooks,
    heldOutPoints?: number,
    scorer?: HeldOutScorer
): Promise<ParticleLearningResult> {
    checkParticleLearning(plan, train, test);
    const started = performance.now();
    const R = chainCount(plan);
    const progress = chainProgress(plan, train, hooks, started);
    progress(0, 0, Infinity); // before the runner's threads have started
    const outputs = await runner(
        plan,
        Array.from({ length: R }, (_, r) => r),
        progress
    );
    summarising(plan, train, hooks, started);
    // The fit's time, as without a scorer: the filters'.
    const seconds = (performance.now() - started) / 1000;
    if (!scorer || !test || test.n === 0) return poolChains(plan, train, test, outputs, seconds, heldOutPoints);
    const heldOutRows = weighingRows(scorer, plan, train, outputs, test.n);
    return poolChainsMeanwhile(plan, train, test, outputs, seconds, heldOutPoints, heldOutRows);
}

/** The held-out rows of the filters that enter the pooled predictive (undefined for the others), by `scorer`. */
export async function weighingRows(
    scorer: HeldOutScorer,
    plan: ExecutionPlan,
    train: Dataset,
    outputs: ChainOutput[],
    n: number
): Promise<(RowPredictives | undefined)[]> {
    const weighing = weighingFilters(filterWeights(train, outputs).weights);
    const chosen = outputs.flatMap((_, r) => (weighing[r] ? [r] : []));
    const rows = await scorer(
        plan,
        chosen.map(r => outputs[r]),
        n
    );
    const byFilter = new Array<RowPredictives | undefined>(outputs.length);
    chosen.forEach((r, j) => (byFilter[r] = rows[j]));
    return byFilter;
}

/** Largest memory a fit may plan for: the filters' states, and two pooled copies of them for the summaries. */
export const MAX_FIT_BYTES = 8 * 2 ** 30;

/**
 * Bytes one particle of a stick-breaking plan holds over n observations of d design columns:
 * its state, its expert block ids, and the allocation history the moves keep.
 */
export function particleBytes(plan: ExecutionPlan, d: number, intercept: boolean, n: number): number {
    if (plan.gate.type !== 'stick-breaking' || plan.inference.algorithm !== 'particle-learning')
        throw new PlanError('particleBytes needs a particle-learning plan with a stick-breaking gate', '/gate/type');
    const K = plan.experts.count;
    const prior = new StickPrior(plan.gate.prior, K, d, intercept);
    const layout = particleLayout(K, d, plan.experts.family, prior.shrunk, prior.horseshoe);
    return 8 * layout.stride + 4 * K + (plan.inference.rejuvenateEvery > 0 ? 2 * n : 0);
}

/** Refuses, before any allocation, a fit whose particles would not fit in MAX_FIT_BYTES. */
function checkMemory(plan: ExecutionPlan, train: Dataset): void {
    if (plan.inference.algorithm !== 'particle-learning' || plan.gate.type !== 'stick-breaking') return;
    const perParticle = particleBytes(plan, train.d, train.columns[0] === '(intercept)', train.n);
    const bytes = 3 * chainCount(plan) * plan.inference.particles * perParticle;
    if (bytes > MAX_FIT_BYTES) {
        const gib = (b: number) => (b / 2 ** 30).toFixed(1);
        throw new PlanError(
            `${chainCount(plan)} filters of ${plan.inference.particles} particles need about ${gib(bytes)} GiB (${perParticle} bytes per particle, with the pooled copies); the limit is ${gib(MAX_FIT_BYTES)} GiB: use fewer particles or filters`,
            '/inference/particles'
        );
    }
}

function chainCount(plan: ExecutionPlan): number {
    return plan.inference.algorithm === 'particle-learning' ? Math.max(1, Math.floor(plan.inference.chains)) : 1;
}

/** Progress over all filters: observations done summed over filters, smallest current ESS. */
function chainProgress(
    plan: ExecutionPlan,
    train: Dataset,
    hooks: RunHooks,
    started: number
): (chain: number, done: number, ess: number) => void {
    const R = chainCount(plan);
    const done = new Array<number>(R).fill(0);
    const ess = new Array<number>(R).fill(Infinity);
    return (chain, observations, e) => {
        done[chain] = observations;
        ess[chain] = e;
        const smallest = Math.min(...ess);
        hooks.onProgress?.({
            phase: 'fitting',
            observationsDone: done.reduce((a, b) => a + b, 0),
            observationsTotal: R * train.n,
            ...(Number.isFinite(smallest) ? { ess: smallest } : {}),
            elapsedSeconds: (performance.now() - started) / 1000
        });
    };
}

/** The filters are done; the pooled summaries and the held-out predictive come next. */
function summarising(plan: ExecutionPlan, train: Dataset, hooks: RunHooks, started: number): void {
    const total = chainCount(plan) * train.n;
    hooks.onProgress?.({
        phase: 'summarising',
        observationsDone: total,
        observationsTotal: total,
        elapsedSeconds: (performance.now() - started) / 1000
    });
}

function checkBinary(data: Dataset): void {
    for (let t = 0; t < data.n; t++) {
        const y = data.y[t];
        if (y !== 0 && y !== 1) {
            const file = data.source.kind === 'csv' ? data.source.path : data.name;
            const line = data.lines.length > t ? data.lines[t] : t + 1;
            throw new DataError(`a Bernoulli expert needs a 0/1 target, found ${y}`, file, line);
        }
    }
}
