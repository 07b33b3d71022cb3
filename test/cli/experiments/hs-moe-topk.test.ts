/**
 * hs-moe-topk at a tiny size, whole pipeline: the HS-MoE row is the stored fit's, and a top-k
 * row's held-out log score matches the top-k likelihood of a refit on the held-out stream.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fitTopK, loadStream, topKLogLikelihood, TOPK_DEFAULTS } from '../../../packages/engine/src/index.js';
import { runTopK, TOPK_QUICK } from '../../../packages/cli/src/experiments/hs-moe-topk.js';
import type { ExperimentReport } from '../../../packages/cli/src/experiments/experiment.js';
import { syntheticPlan } from '../../../packages/cli/src/experiments/hs-moe/synthetic-plan.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { taskHash } from '../../../packages/cli/src/tasks/task-set.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('hs-moe-topk (tiny)', () => {
    it('puts HS-MoE and top-k fits of the same data side by side', async () => {
        const hsMoe = {
            ...TOPK_QUICK.hsMoe,
            design: { ...TOPK_QUICK.hsMoe.design, experts: 4, n: 60, nTest: 40 },
            particles: 20,
            chains: 2
        };
        const config = { ...TOPK_QUICK, hsMoe, replicates: 1, ks: [1, 2], starts: 1, maxIterations: 20 };
        const results = `${tmp.path}/fits`;
        const report = await runTopK(config, tinyOptions(results));
        const rows = report.tables['fits'] as Array<Record<string, string | number | null>>;
        expect(rows.map(r => r['method'])).toEqual(['HS-MoE', 'top-1 softmax', 'top-2 softmax']);

        const plan = syntheticPlan({ design: hsMoe.design, seed: 3, inference: { particles: 20, chains: 2 } });
        const stored = await readStored(results, taskHash(plan, []));
        if (stored.kind !== 'found') throw new Error('HS-MoE fit not stored');
        expect(rows[0]!['heldOutMlpd']).toBe(stored.stored.result.predictive!.meanLogPredictiveDensity);

        const train = await loadStream(plan.data.train);
        const test = await loadStream(plan.data.test!);
        // One start: the dense fit, then the top-2 stage from it.
        const dense = fitTopK(train.X, train.y, train.d, { ...TOPK_DEFAULTS, k: 4, K: 4, seed: 3, maxIterations: 20 });
        const fit = fitTopK(
            train.X,
            train.y,
            train.d,
            { ...TOPK_DEFAULTS, k: 2, K: 4, seed: 3, maxIterations: 20 },
            dense.params
        );
        expect(rows[2]!['heldOutMlpd'] as number).toBeCloseTo(
            topKLogLikelihood(fit.params, 2, test.X, test.y) / test.n,
            10
        );
        expect(Object.keys(report.plots).sort()).toEqual(['held-out-log-score', 'wall-clock']);
        expect(report.stopped).toBe(false);

        // The top-k fits on the pool of worker threads (the built worker): the same rows but for their times.
        const pooled = await runTopK({ ...config, replicates: 2 }, tinyOptions(results, { jobs: 2 }));
        const here = await runTopK({ ...config, replicates: 2 }, tinyOptions(results));
        const untimed = (r: ExperimentReport) =>
            (r.tables['fits'] as Array<Record<string, unknown>>).map(({ wallSeconds: _, ...row }) => row);
        expect(untimed(pooled)).toHaveLength(6);
        expect(untimed(pooled)).toEqual(untimed(here));
    });
});
