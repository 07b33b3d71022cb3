/**
 * The top-k baseline of hs-moe-topk on one data replicate, as a task of the experiment pool
 * (fit-tasks.ts): softmax-gated MoE with deterministic top-k routing fitted by EM (engine/topk).
 */
import { fitTopK, loadStream, scoreTopK, TOPK_DEFAULTS, type ExecutionPlan } from '@moe-studio/engine';

export interface MethodRow {
    [column: string]: string | number | null;
    replicate: number;
    method: string;
    wallSeconds: number;
    heldOutMlpd: number;
    rmse: number;
    coverage50: number;
    coverage90: number;
    top3Usage: number;
    expertsAbove1pct: number;
}

/** A top-k row with how its EM went. */
export type TopKRow = MethodRow & { iterations: number; converged: number; trainLogLikelihood: number };

export interface TopKFitTask {
    /** The replicate's HS-MoE plan: its training and held-out streams are the top-k fits' data. */
    plan: ExecutionPlan;
    ks: number[];
    starts: number;
    maxIterations: number;
    /** 1-based, as reported. */
    replicate: number;
    seed: number;
}

export const methodName = (k: number, K: number): string => (k === K ? `dense softmax (k = ${K})` : `top-${k} softmax`);

/**
 * The top-k fits of one data set: per random start one dense EM fit (k = K), and from it a top-k
 * EM stage for each k < K (fitTopK says why); per k the start with the best objective, scored on
 * the held-out stream. A top-k fit's time includes its dense stage.
 */
export async function topKFitTask(task: TopKFitTask): Promise<TopKRow[]> {
    const { plan, replicate, seed } = task;
    const config = task;
    const train = await loadStream(plan.data.train);
    const test = await loadStream(plan.data.test!);
    const K = plan.experts.count;
    const best = new Map<number, { fit: ReturnType<typeof fitTopK>; seconds: number }>();
    const seconds = new Map<number, number>(config.ks.map(k => [k, 0]));
    for (let s = 0; s < config.starts; s++) {
        const started = performance.now();
        const dense = fitTopK(train.X, train.y, train.d, {
            ...TOPK_DEFAULTS,
            k: K,
            K,
            seed: seed + s,
            maxIterations: config.maxIterations
        });
        const denseSeconds = (performance.now() - started) / 1000;
        for (const k of config.ks) {
            const stage = performance.now();
            const fit =
                k === K
                    ? dense
                    : fitTopK(
                          train.X,
                          train.y,
                          train.d,
                          { ...TOPK_DEFAULTS, k, K, seed: seed + s, maxIterations: config.maxIterations },
                          dense.params
                      );
            seconds.set(k, seconds.get(k)! + denseSeconds + (k === K ? 0 : (performance.now() - stage) / 1000));
            const current = best.get(k);
            if (!current || fit.objective.at(-1)! > current.fit.objective.at(-1)!) best.set(k, { fit, seconds: 0 });
        }
    }
    return config.ks.map(k => {
        const fit = best.get(k)!.fit;
        const scores = scoreTopK(fit.params, k, test.X, test.y, plan.predictive.intervals);
        const trainUsage = scoreTopK(fit.params, k, train.X, train.y, []).usage.sort((a, b) => b - a);
        return {
            replicate,
            method: methodName(k, K),
            wallSeconds: seconds.get(k)!,
            heldOutMlpd: scores.meanLogPredictiveDensity,
            rmse: scores.rmse,
            coverage50: scores.coverage['0.5'] ?? NaN,
            coverage90: scores.coverage['0.9'] ?? NaN,
            top3Usage: trainUsage[0]! + trainUsage[1]! + trainUsage[2]!,
            expertsAbove1pct: trainUsage.filter(u => u > 0.01).length,
            iterations: fit.iterations,
            converged: fit.converged ? 1 : 0,
            trainLogLikelihood: fit.logLikelihood
        };
    });
}
