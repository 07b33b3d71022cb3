import type { ExecutionPlan } from '../plan/types.js';
import type { Dataset } from '../data/dataset.js';
import type { ParticleLearningResult } from '../result/types.js';
import { RESULT_VERSION } from '../result/types.js';
import type { RunHooks } from '../run-hooks.js';
import { CancelledError, DataError, PlanError } from '../errors.js';
import { ParticleLearningFilter } from './filter.js';
import { effectiveExperts, expertSummaries, gateSummary } from './summaries.js';
import { particlePredictive } from './predictive.js';

/**
 * Runs HS-MoE particle learning (method.md §2) on the training stream, then summarises the
 * posterior (§3) and, when there is a held-out stream, scores its predictive.
 */
export function runParticleLearning(plan: ExecutionPlan, train: Dataset, test: Dataset | undefined, hooks: RunHooks): ParticleLearningResult {
    const inference = plan.inference;
    if (inference.algorithm !== 'particle-learning') throw new PlanError('expected particle-learning', '/inference/algorithm');
    if (plan.gate.type !== 'stick-breaking') throw new PlanError('particle learning needs a stick-breaking gate', '/gate/type');
    if (plan.experts.dimension !== train.d) {
        throw new PlanError(`experts have dimension ${plan.experts.dimension} but the design has ${train.d} columns`, '/experts/dimension');
    }
    if (plan.experts.count < 1) throw new PlanError('need at least one expert', '/experts/count');
    if (plan.experts.family === 'bernoulli') {
        checkBinary(train);
        if (test) checkBinary(test);
    }

    const started = performance.now();
    const N = inference.particles;
    const filter = new ParticleLearningFilter({
        particles: N,
        d: train.d,
        experts: plan.experts,
        gatePrior: plan.gate.prior,
        hasIntercept: train.columns[0] === '(intercept)',
        resampling: inference.resampling,
        essThreshold: inference.essThreshold,
        refreshVisitedSticks: inference.refreshVisitedSticks,
        sweepEvery: Math.max(1, Math.floor(inference.sweepEvery)),
        seed: inference.seed,
        observations: train.n
    });

    // Progress and cancellation at a bounded rate: the clock is read every `checkEvery`
    // observations (about 10^4 particle-expert evaluations apart), hooks called every ~100 ms.
    const intervalMs = hooks.progressIntervalMs ?? 100;
    const checkEvery = Math.max(1, Math.ceil(1e4 / (N * plan.experts.count)));
    let lastReport = started;
    const K = plan.experts.count;
    for (let t = 0; t < train.n; t++) {
        filter.step(t, train.X, t * train.d, train.y[t]);
        if ((t + 1) % checkEvery === 0 || t === train.n - 1) {
            const now = performance.now();
            if (now - lastReport >= intervalMs || t === train.n - 1) {
                lastReport = now;
                if (hooks.shouldStop?.()) throw new CancelledError();
                hooks.onProgress?.({
                    observationsDone: t + 1,
                    observationsTotal: train.n,
                    ess: filter.ess[t],
                    elapsedSeconds: (now - started) / 1000,
                    usage: Array.from({ length: K }, (_, k) => filter.usageSum[k] / (t + 1))
                });
            }
        }
    }
    const filterSeconds = (performance.now() - started) / 1000;

    const experts = expertSummaries(filter, train.n);
    const usage = experts.map((e) => e.usage);
    const predictive = test && test.n > 0 ? particlePredictive(filter, test, plan.predictive.intervals) : undefined;
    const seconds = (performance.now() - started) / 1000;

    const warnings: string[] = [];
    if (filter.clamps > 0) warnings.push(`horseshoe scales clamped to [1e-12, 1e12] ${filter.clamps} times (slightly alters the target)`);
    if (filter.jitters > 0) warnings.push(`Cholesky of a gate precision needed diagonal jitter ${filter.jitters} times (largest ${filter.maxJitter})`);
    if (filter.degenerateSteps.length > 0) {
        warnings.push(`every particle gave zero predictive density at observation(s) ${filter.degenerateSteps.slice(0, 10).map((t) => t + 1).join(', ')}: log marginal likelihood is -Infinity`);
    }
    if (filter.polyaGammaCapHits > 0) warnings.push(`Polya-Gamma series cap reached ${filter.polyaGammaCapHits} times`);

    const allocation: number[][] = [];
    for (let t = 0; t < train.n; t++) allocation.push(Array.from(filter.allocation.subarray(t * K, (t + 1) * K)));

    return {
        resultVersion: RESULT_VERSION,
        algorithm: 'particle-learning',
        model: plan.model,
        seed: inference.seed,
        observations: train.n,
        inputs: train.columns,
        particles: N,
        experts,
        gate: gateSummary(filter),
        sortedUsage: [...usage].sort((a, b) => b - a),
        effectiveExperts: effectiveExperts(filter, train.n),
        logMarginalLikelihood: filter.logZ,
        diagnostics: {
            ess: Array.from(filter.ess),
            resampledAt: filter.resampledAt,
            logEvidenceIncrements: Array.from(filter.increments),
            allocation
        },
        ...(predictive ? { predictive } : {}),
        timing: {
            seconds,
            particleObservationsPerSecond: filterSeconds > 0 ? (N * train.n) / filterSeconds : 0
        },
        warnings
    };
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
