/**
 * Particle-learning filters on a piscina pool (packages/engine/src/parallel/) with the chain
 * worker bundled by `npm run build`: the same outputs as on this thread, bit for bit, typed
 * arrays that arrive as typed arrays, progress from every filter, a shared stop flag that
 * stops them all, and engine errors that keep their class across the thread boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CancelledError, DataError, runPlan, type ChainOutput, type ExecutionPlan } from '@moe-studio/engine';
import { ChainPool, newStopFlag, poolChainRunner, poolPays, requestStop } from '@moe-studio/engine/parallel';
import { ownBuffers } from '../../../packages/engine/src/parallel/transfer.js';
import { runChain } from '../../../packages/engine/src/pl/chain.js';
import { loadStream } from '../../../packages/engine/src/data/load-stream.js';
import { plPlan } from '../helpers/pl-fixtures.js';
import { csvPlan } from '../plan/plans.js';
import { TempDir, regressionCsv } from '../../cli/helpers.js';

const workerFile = join(resolve(__dirname, '../../..'), 'packages/cli/dist/chain-worker.cjs');
let pool: ChainPool;

beforeAll(() => {
    if (!existsSync(workerFile))
        throw new Error('packages/cli/dist/chain-worker.cjs is missing: run `npm run build` first');
    pool = new ChainPool({ workerFile, threads: 2 });
});
afterAll(() => pool?.close());

/** A small HSMOE-SYN-like plan: R filters of `particles` particles over n observations. */
function smallPlan(R: number, particles = 40, n = 60): ExecutionPlan {
    const plan = plPlan({ particles, chains: R });
    if (plan.data.train.source.kind === 'sparse-experts') plan.data.train.source.n = n;
    return plan;
}

const withoutTiming = (result: object) => ({ ...result, timing: undefined });

describe('poolChainRunner', () => {
    it('gives runPlan the result of running the filters on this thread, bit for bit', async () => {
        const plan = smallPlan(3);
        const sequential = await runPlan(plan);
        const progress: number[] = [];
        const pooled = await runPlan(
            plan,
            { onProgress: p => progress.push(p.observationsDone) },
            { runner: poolChainRunner(pool) }
        );
        expect(withoutTiming(pooled)).toEqual(withoutTiming(sequential));
        // Every filter's last report arrives before the result: all 3 x 60 observations done.
        expect(progress.at(-1)).toBe(180);
    });

    it('loads a CSV training stream on the pool threads as this thread does (rows, standardisation)', async () => {
        const tmp = new TempDir();
        try {
            const plan = csvPlan(tmp.file('data.csv', regressionCsv(60)), { train: [0, 45], test: [45, 60] });
            (plan.inference as { chains: number }).chains = 2;
            const sequential = await runPlan(plan);
            const pooled = await runPlan(plan, {}, { runner: poolChainRunner(pool) });
            expect(withoutTiming(pooled)).toEqual(withoutTiming(sequential));
        } finally {
            tmp.remove();
        }
    });

    it('moves each output back as typed arrays equal to those of runChain here', async () => {
        const plan = smallPlan(2);
        const train = await loadStream(plan.data.train);
        const outputs = await poolChainRunner(pool)(plan, [0, 1], () => undefined);
        expect(outputs.map(o => o.chain)).toEqual([0, 1]);
        for (const output of outputs) {
            const here = runChain(plan, train, output.chain, {});
            for (const field of ['state', 'W'] as const) {
                expect(output[field]).toBeInstanceOf(Float64Array);
                expect(output[field]).toEqual(here[field]);
            }
            for (const field of ['essMin', 'incrementSum', 'allocationSum'] as const) {
                expect(output.trace[field]).toBeInstanceOf(Float64Array);
                expect(output.trace[field]).toEqual(here.trace[field]);
            }
            expect({ ...output, filterSeconds: 0 }).toEqual({ ...here, filterSeconds: 0 } satisfies ChainOutput);
        }
    });

    it('stops every filter once the shared flag is set, and the pool serves the next run', async () => {
        const stop = newStopFlag();
        const plan = smallPlan(4, 2000, 500);
        let reports = 0;
        const run = poolChainRunner(pool, { stop, progressIntervalMs: 20 })(plan, [0, 1, 2, 3], () => {
            if (++reports === 1) requestStop(stop);
        });
        await expect(run).rejects.toBeInstanceOf(CancelledError);
        const after = await poolChainRunner(pool)(smallPlan(2), [0, 1], () => undefined);
        expect(after).toHaveLength(2);
    });

    it('rethrows an engine error from a pool thread with its class', async () => {
        const plan = smallPlan(2);
        plan.data.train = {
            name: 'train',
            line: 1,
            source: {
                kind: 'csv',
                path: join(__dirname, 'no-such-file.csv'),
                target: 'y',
                inputs: ['x'],
                intercept: true,
                standardize: false,
                standardizeTarget: false
            }
        };
        await expect(poolChainRunner(pool)(plan, [0, 1], () => undefined)).rejects.toBeInstanceOf(DataError);
    });
});

describe('ChainPool', () => {
    it('refuses a worker file that does not exist, before starting a thread', () => {
        expect(() => new ChainPool({ workerFile: join(__dirname, 'missing-worker.cjs') })).toThrow(
            /chain worker is missing/
        );
    });

    it('is used only where two filters can run at once', () => {
        expect(poolPays(smallPlan(4), 2)).toBe(true);
        expect(poolPays(smallPlan(4), 1)).toBe(false);
        expect(poolPays(smallPlan(1), 8)).toBe(false);
    });
});

describe('ownBuffers', () => {
    it('lists each buffer behind the typed arrays once (a transfer list may not repeat one)', () => {
        const shared = new Float64Array(8);
        const other = new Float64Array(2);
        const buffers = ownBuffers({ a: shared.subarray(0, 4), b: shared.subarray(4), c: other, d: [1, 2], e: 3 });
        expect(buffers).toEqual([shared.buffer, other.buffer]);
    });
});
