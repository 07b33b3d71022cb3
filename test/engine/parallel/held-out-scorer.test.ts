/**
 * The held-out predictive of the filters that weigh, scored in pieces on the worker pool
 * (parallel/held-out-scorer.ts, with the chain worker bundled by `npm run build`): the same
 * result as scoring every row on this thread, bit for bit, with and without plotted rows; the
 * pieces put back in row order; an engine error from a pool thread keeping its class.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError, runPlan, type ExecutionPlan } from '@moe-studio/engine';
import { ChainPool, poolChainRunner, poolHeldOutScorer } from '@moe-studio/engine/parallel';
import { runChain } from '../../../packages/engine/src/pl/chain.js';
import { filterPopulation } from '../../../packages/engine/src/pl/pool-chains.js';
import { rowPredictives } from '../../../packages/engine/src/pl/predictive.js';
import { loadStream } from '../../../packages/engine/src/data/load-stream.js';
import { csvPlan } from '../plan/plans.js';
import { TempDir, regressionCsv } from '../../cli/helpers.js';

const workerFile = join(resolve(__dirname, '../../..'), 'packages/cli/dist/chain-worker.cjs');
let pool: ChainPool;
const tmp = new TempDir();

beforeAll(() => {
    if (!existsSync(workerFile))
        throw new Error('packages/cli/dist/chain-worker.cjs is missing: run `npm run build` first');
    pool = new ChainPool({ workerFile, threads: 2 });
});
afterAll(async () => {
    await pool?.close();
    tmp.remove();
});

/** R filters on 200 training rows of a CSV, 101 held-out rows (pieces that do not fall on 16-row blocks). */
function heldOutPlan(R: number): ExecutionPlan {
    const plan = csvPlan(tmp.file(`data-${R}.csv`, regressionCsv(301, R)), { train: [0, 200], test: [200, 301] });
    (plan.inference as { chains: number }).chains = R;
    return plan;
}

const withoutTiming = (result: object) => ({ ...result, timing: undefined });

describe('poolHeldOutScorer', () => {
    it.each([undefined, 0])(
        'gives runPlan the held-out predictive of this thread, bit for bit (plotted rows: %s)',
        async heldOutPoints => {
            const plan = heldOutPlan(3);
            const here = await runPlan(plan, {}, { heldOutPoints });
            const pooled = await runPlan(
                plan,
                {},
                { runner: poolChainRunner(pool), heldOutScorer: poolHeldOutScorer(pool), heldOutPoints }
            );
            expect(pooled.algorithm === 'particle-learning' && pooled.predictive?.points.length).toBe(
                heldOutPoints ?? 101
            );
            expect(withoutTiming(pooled)).toEqual(withoutTiming(here));
        },
        120_000
    );

    it('cuts one filter into a piece per thread and puts the pieces back in row order', async () => {
        const plan = heldOutPlan(1);
        const train = await loadStream(plan.data.train);
        const test = await loadStream(plan.data.test!, train.standardization);
        const output = runChain(plan, train, 0, {});
        const [rows] = await poolHeldOutScorer(pool)(plan, [output], test.n);
        const once = rowPredictives(filterPopulation(plan, train, output), test);
        expect(rows.cdf).toEqual(once.cdf);
        expect(rows.logDensity).toEqual(once.logDensity);
        expect(rows.mean).toEqual(once.mean);
        // The two pieces differ, so a swap would show.
        expect(rows.mean.subarray(0, 50)).not.toEqual(rows.mean.subarray(51, 101));
    });

    it('fails the run with the error of a scorer that fails while the summaries are computed', async () => {
        const plan = heldOutPlan(2);
        const failing = () => Promise.reject(new DataError('the held-out rows could not be scored', 'test.csv', 3));
        await expect(runPlan(plan, {}, { runner: poolChainRunner(pool), heldOutScorer: failing })).rejects.toThrow(
            /could not be scored/
        );
    });

    it('rethrows an engine error from a pool thread with its class', async () => {
        const plan = heldOutPlan(1);
        const train = await loadStream(plan.data.train);
        const output = runChain(plan, train, 0, {});
        const broken: ExecutionPlan = {
            ...plan,
            data: {
                ...plan.data,
                test: { ...plan.data.test!, source: { ...plan.data.test!.source, path: tmp.file('gone.csv', '') } }
            }
        } as ExecutionPlan;
        await expect(poolHeldOutScorer(pool)(broken, [output], 10)).rejects.toBeInstanceOf(DataError);
    });
});
