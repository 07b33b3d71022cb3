/**
 * The starts of an EM fit screened on the worker pool: the same result, bit for bit (timing
 * aside), as screening them one after another, for every gate combination; and the pool is used
 * for EM only when two starts can run at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { runPlan, type ExecutionPlan } from '@moe-studio/engine';
import { ChainPool, poolPays, poolRestartScreener } from '@moe-studio/engine/parallel';
import { hmoePlan } from '../plan/plans.js';

const workerFile = join(resolve(__dirname, '../../..'), 'packages/cli/dist/chain-worker.cjs');
const pool = new ChainPool({ workerFile, threads: 2 });
afterAll(() => pool.close());

function withRestarts(plan: ExecutionPlan, restarts: number): ExecutionPlan {
    if (plan.inference.algorithm !== 'em') throw new Error('expected an EM plan');
    return { ...plan, inference: { ...plan.inference, restarts } };
}

const withoutTiming = (result: object) => ({ ...result, timing: undefined });

describe('EM starts on the pool', () => {
    it.each([
        ['softmax', 'softmax'],
        ['softmax', 'laplace'],
        ['laplace', 'laplace']
    ] as const)(
        '%s-%s gates: pooled starts give the same fit',
        async (outer, inner) => {
            const plan = withRestarts(hmoePlan({ n: 300, seed: 4, outer, inner }), 5);
            const here = await runPlan(plan);
            const pooled = await runPlan(plan, {}, { screener: poolRestartScreener(pool) });
            expect(pooled.algorithm).toBe('em');
            if (pooled.algorithm !== 'em' || here.algorithm !== 'em') return;
            expect(pooled.restarts).toHaveLength(5);
            expect(withoutTiming(pooled)).toEqual(withoutTiming(here));
        },
        120_000
    );

    it('uses the pool for EM only when two starts can run at once', () => {
        expect(poolPays(withRestarts(hmoePlan({ n: 50 }), 4), 2)).toBe(true);
        expect(poolPays(withRestarts(hmoePlan({ n: 50 }), 1), 8)).toBe(false);
        expect(poolPays(withRestarts(hmoePlan({ n: 50 }), 4), 1)).toBe(false);
    });
});
