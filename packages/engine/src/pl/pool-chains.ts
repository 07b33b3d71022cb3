import type { ExecutionPlan } from '../plan/types.js';
import type { Dataset } from '../data/dataset.js';
import type { ParticleLearningResult, PlChainSummary, PlExpertSummary, PredictiveSummary } from '../result/types.js';
import { RESULT_VERSION } from '../result/types.js';
import { logJacobian, predictiveOnOriginalScale, resultStandardization } from '../data/original-scale.js';
import type { ChainOutput } from './chain.js';
import { particleLayout } from './particle-layout.js';
import { StickPrior } from './stick-prior.js';
import { PooledPopulation } from './population.js';
import { effectiveExperts, expertSummaries, gateSummary, particleSortedUsage } from './summaries.js';
import { pooledPredictive, predictiveAtRow, type RowPredictives } from './predictive.js';
import { fittedCurve } from '../predictive/fitted-curve.js';
import { usageOverObservations } from './usage-over-observations.js';
import { matchLabels } from './label-matching.js';
import { chainAgreement } from './chain-agreement.js';
import { binPrequential, pooledLogScores, pooledPit } from './prequential-summary.js';
import { essBins, logMeanExp, pooledFullTraces, pooledTraces } from './pool-traces.js';
import { essCollapseWarnings, scaleWarnings } from './fit-warnings.js';

/**
 * Monte Carlo standard error of log mean Z from R independent unbiased estimates Z_r (delta
 * method: sd(Z) / (sqrt(R) mean Z)); null for one filter, where it cannot be estimated.
 */
export function logMeanZStandardError(logZ: readonly number[]): number | null {
    const R = logZ.length;
    if (R < 2) return null;
    const max = Math.max(...logZ);
    if (max === -Infinity) return null;
    const z = logZ.map(l => Math.exp(l - max));
    const mean = z.reduce((a, b) => a + b, 0) / R;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1);
    return Math.sqrt(variance / R) / mean;
}

/** Each filter's log evidence on the data's original scale and its share of the pooled posterior, Z_r / sum Z. */
export function filterWeights(train: Dataset, outputs: readonly ChainOutput[]): { logZ: number[]; weights: number[] } {
    const jacobian = logJacobian(train, train.n);
    const logZ = outputs.map(o => o.logZ + jacobian);
    const top = Math.max(...logZ);
    const rawWeights = logZ.map(l => (top === -Infinity ? 1 : Math.exp(l - top)));
    const totalWeight = rawWeights.reduce((a, b) => a + b, 0);
    return { logZ, weights: rawWeights.map(w => w / totalWeight) };
}

/** Filter r's final particles as one population (what its own summaries and its share of the predictive read). */
export function filterPopulation(
    plan: ExecutionPlan,
    train: Dataset,
    output: Pick<ChainOutput, 'state' | 'W'>
): PooledPopulation {
    const { layout, stickPrior, a0 } = populationShape(plan, train);
    return new PooledPopulation(layout, stickPrior, a0, [{ state: output.state, W: output.W, weight: 1 }]);
}

function populationShape(plan: ExecutionPlan, train: Dataset) {
    if (plan.gate.type !== 'stick-breaking') throw new Error('particle learning needs a stick-breaking gate');
    const K = plan.experts.count;
    const stickPrior = new StickPrior(plan.gate.prior, K, train.d, train.columns[0] === '(intercept)');
    const layout = particleLayout(K, train.d, plan.experts.family, stickPrior.shrunk, stickPrior.horseshoe);
    const a0 = plan.experts.family === 'gaussian' ? plan.experts.prior.shape : 0;
    return { K, layout, stickPrior, a0 };
}

/**
 * Combines R independent filters into one posterior, the island particle filter: filter r's
 * particles weigh Z_r / sum Z, and the evidence is the mean of the Z_r (each unbiased, so their
 * mean is too). Expert labels are matched to the heaviest filter's before expert summaries are
 * pooled; the gate is the heaviest filter's (sticks carry their labels' order and cannot be
 * relabelled); the predictive is label-invariant and pools all particles. Every summary is also
 * reported per filter, with the agreement diagnostic. Log-likelihood quantities are on the
 * data's original scale. Inputs are processed in filter order, so the result does not depend on
 * how many threads ran the filters. `heldOutRows`, when given, holds the held-out row
 * predictives of the filters that weigh, computed elsewhere (pooledPredictive).
 */
export function poolChains(
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    outputs: ChainOutput[],
    seconds: number,
    heldOutPoints?: number,
    heldOutRows?: readonly (RowPredictives | undefined)[]
): ParticleLearningResult {
    const pooled = pooling(plan, train, outputs, seconds);
    return pooled.result(heldOutPredictive(plan, train, test, pooled, heldOutPoints, heldOutRows));
}

/**
 * poolChains with the held-out rows coming from `heldOutRows`, which other threads compute while
 * this one computes every other summary; only the predictive waits for them. The same result.
 */
export async function poolChainsMeanwhile(
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    outputs: ChainOutput[],
    seconds: number,
    heldOutPoints: number | undefined,
    heldOutRows: Promise<readonly (RowPredictives | undefined)[]>
): Promise<ParticleLearningResult> {
    // Awaited below; until then a failure must not count as unhandled (the summaries may throw first).
    heldOutRows.catch(() => undefined);
    const pooled = pooling(plan, train, outputs, seconds);
    return pooled.result(heldOutPredictive(plan, train, test, pooled, heldOutPoints, await heldOutRows));
}

function heldOutPredictive(
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    pooled: Pooling,
    heldOutPoints: number | undefined,
    heldOutRows: readonly (RowPredictives | undefined)[] | undefined
): PredictiveSummary | undefined {
    if (!test || test.n === 0) return undefined;
    const summary = pooledPredictive(
        pooled.own,
        pooled.weights,
        test,
        plan.predictive.intervals,
        heldOutPoints,
        heldOutRows
    );
    return predictiveOnOriginalScale(summary, train);
}

/** Every pooled summary but the held-out predictive, and what that needs: each filter's population and weight. */
interface Pooling {
    own: PooledPopulation[];
    weights: number[];
    result(predictive: PredictiveSummary | undefined): ParticleLearningResult;
}

function pooling(plan: ExecutionPlan, train: Dataset, outputs: ChainOutput[], seconds: number): Pooling {
    if (plan.gate.type !== 'stick-breaking' || plan.inference.algorithm !== 'particle-learning')
        throw new Error('poolChains needs a particle-learning plan');
    const { K, layout, stickPrior, a0 } = populationShape(plan, train);
    const n = train.n;
    const { logZ, weights } = filterWeights(train, outputs);
    const heaviest = weights.indexOf(Math.max(...weights));

    const own = outputs.map(o => filterPopulation(plan, train, o));
    const ownExperts = own.map(p => expertSummaries(p, n));
    const labels = ownExperts.map((e, r) =>
        r === heaviest ? e.map((_, k) => k) : matchLabels(ownExperts[heaviest], e)
    );
    const matched: PlExpertSummary[][] = ownExperts.map((e, r) => labels[r].map((l, k) => ({ ...e[l], index: k })));

    const relabelled = new PooledPopulation(
        layout,
        stickPrior,
        a0,
        outputs.map((o, r) => ({ state: o.state, W: o.W, weight: weights[r], permutation: labels[r] }))
    );
    const experts = expertSummaries(relabelled, n);
    const usage = experts.map(e => e.usage);
    const pooled =
        outputs.length === 1
            ? own[0]
            : new PooledPopulation(
                  layout,
                  stickPrior,
                  a0,
                  outputs.map((o, r) => ({ state: o.state, W: o.W, weight: weights[r] }))
              );
    const usageBins = usageOverObservations(relabelled, train);

    const chains: PlChainSummary[] = outputs.map((o, r) => {
        const u = matched[r].map(e => e.usage);
        const minEss = Math.min(...o.trace.essMin);
        return {
            chain: o.chain,
            seed: o.seed,
            logMarginalLikelihood: logZ[r],
            weight: weights[r],
            labels: labels[r],
            experts: matched[r],
            gate: gateSummary(own[r]),
            sortedUsage: [...u].sort((a, b) => b - a),
            particleSortedUsage: particleSortedUsage(own[r], n),
            effectiveExperts: effectiveExperts(u),
            ess: essBins([o.trace]),
            minEss: n > 0 ? minEss : o.particles
        };
    });
    const agreement = chainAgreement(matched, experts);

    const diagnostics = pooledTraces(
        outputs.map(o => o.trace),
        weights,
        labels,
        K,
        train
    );
    const full = outputs.every(o => o.fullTrace)
        ? pooledFullTraces(
              outputs.map(o => o.fullTrace!),
              weights,
              labels,
              K,
              train
          )
        : undefined;
    if (full) diagnostics.full = full;

    const recorded = outputs.map(o => o.prequential);
    const prequential =
        n > 0 && recorded.every(p => p !== undefined)
            ? binPrequential(
                  pooledLogScores(
                      recorded.map(p => p.logScores),
                      n,
                      logJacobian(train, 1)
                  ),
                  pooledPit(
                      recorded.map(p => p.pit),
                      recorded.map(p => p.logScores),
                      n
                  ),
                  plan.predictive.intervals,
                  n
              )
            : undefined;

    const warnings: string[] = [];
    const sum = (f: (o: ChainOutput) => number) => outputs.reduce((a, o) => a + f(o), 0);
    const clamps = sum(o => o.clamps);
    const jitters = sum(o => o.jitters);
    const capHits = sum(o => o.polyaGammaCapHits);
    if (clamps > 0)
        warnings.push(
            `horseshoe scales clamped to [1e-12, 1e12] ${clamps} times over ${outputs.length} filter(s) (slightly alters the target)`
        );
    if (jitters > 0)
        warnings.push(
            `Cholesky of a gate precision needed diagonal jitter ${jitters} times (largest ${Math.max(...outputs.map(o => o.maxJitter))})`
        );
    outputs.forEach((o, r) => {
        if (o.degenerateSteps.length > 0) {
            warnings.push(
                `filter ${r + 1}: every particle gave zero predictive density at observation(s) ${o.degenerateSteps
                    .slice(0, 10)
                    .map(t => t + 1)
                    .join(', ')}: its log marginal likelihood is -Infinity`
            );
        }
    });
    if (capHits > 0) warnings.push(`Polya-Gamma series cap reached ${capHits} times`);
    warnings.push(...agreement.messages);
    const lambda = plan.inference.forgetting ?? 1;
    if (lambda < 1) {
        warnings.push(
            `forgetting = ${lambda} (memory about ${Math.round(1 / (1 - lambda))} observations): the log marginal likelihood is the prequential log score of this dynamic model, not the evidence of static parameters`
        );
    }
    warnings.push(...scaleWarnings(plan, train), ...essCollapseWarnings(outputs, n));
    const curve = fittedCurve(train, predictiveAtRow(pooled), warnings);

    const N = plan.inference.particles;
    const filterSeconds = sum(o => o.filterSeconds);
    const standardization = resultStandardization(train);
    const result = (predictive: PredictiveSummary | undefined): ParticleLearningResult => ({
        resultVersion: RESULT_VERSION,
        algorithm: 'particle-learning',
        model: plan.model,
        seed: plan.inference.seed,
        observations: n,
        inputs: train.columns,
        particles: N,
        experts,
        gate: gateSummary(own[heaviest]),
        sortedUsage: [...usage].sort((a, b) => b - a),
        particleSortedUsage: particleSortedUsage(pooled, n),
        effectiveExperts: effectiveExperts(usage),
        logMarginalLikelihood: logMeanExp(logZ),
        logMarginalLikelihoodSE: logMeanZStandardError(logZ),
        chains,
        agreement,
        diagnostics,
        ...(prequential ? { prequential } : {}),
        ...(predictive ? { predictive } : {}),
        ...(curve ? { fittedCurve: curve } : {}),
        ...(usageBins ? { usageOverObservations: usageBins } : {}),
        ...(standardization ? { standardization } : {}),
        timing: {
            seconds,
            particleObservationsPerSecond: filterSeconds > 0 ? (outputs.length * N * n) / filterSeconds : 0,
            chainSeconds: outputs.map(o => o.filterSeconds)
        },
        warnings
    });
    return { own, weights, result };
}
