/**
 * hs-moe-ablation at a tiny size, whole pipeline: every prior fitted to the same data with the
 * same seed, and the reported paired differences against a direct computation from the fits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runAblation, ABLATION_QUICK } from '../../../packages/cli/src/experiments/hs-moe-ablation.js';
import { BENCHMARK } from '../../../packages/cli/src/experiments/hs-moe/synthetic-plan.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('hs-moe-ablation (tiny)', () => {
    it("pairs the priors on the same data and reports each alternative's mean difference from the horseshoe", async () => {
        const design = { ...BENCHMARK, experts: 4, n: 50, nTest: 30 };
        const config = {
            ...ABLATION_QUICK,
            settings: [{ name: 'tiny', design }],
            replicates: 3,
            particles: 20,
            chains: 2
        };
        const results = `${tmp.path}/fits`;
        const report = await runAblation(config, tinyOptions(results));
        expect(report.stopped).toBe(false);
        const fits = report.tables['fits'] as Array<Record<string, string | number | null>>;
        expect(fits).toHaveLength(9);
        const free = 'horseshoe, Dirichlet-matched intercept';
        const expected: Record<string, { kind: string; shrinkIntercept?: boolean }> = {
            horseshoe: { kind: 'horseshoe', shrinkIntercept: true },
            normal: { kind: 'normal' },
            [free]: { kind: 'horseshoe', shrinkIntercept: false }
        };
        for (const fit of fits) {
            const stored = await readStored(results, String(fit['hash']));
            if (stored.kind !== 'found' || stored.stored.plan.gate.type !== 'stick-breaking')
                throw new Error('fit not stored');
            expect(stored.stored.plan.gate.prior).toMatchObject(expected[String(fit['prior'])]!);
        }
        const byPrior = (name: string) => fits.filter(f => f['prior'] === name);
        const hs = byPrior('horseshoe');
        // Same data, same seed within a replicate; a different data set per replicate.
        for (const other of ['normal', free]) {
            for (let r = 0; r < 3; r++) {
                const [a, b] = [
                    await readStored(results, String(hs[r]!['hash'])),
                    await readStored(results, String(byPrior(other)[r]!['hash']))
                ];
                if (a.kind !== 'found' || b.kind !== 'found') throw new Error('fit not stored');
                expect(a.stored.plan.data).toEqual(b.stored.plan.data);
                expect(a.stored.plan.inference.seed).toBe(b.stored.plan.inference.seed);
            }
            const direct = hs.map((f, r) => Number(f['heldOutMlpd']) - Number(byPrior(other)[r]!['heldOutMlpd']));
            const row = (report.tables['differences'] as Array<Record<string, unknown>>).find(
                d => d['metric'] === 'heldOutMlpd' && d['alternative'] === other
            )!;
            expect(row['n']).toBe(3);
            expect(row['mean'] as number).toBeCloseTo((direct[0]! + direct[1]! + direct[2]!) / 3, 12);
        }
        expect(Object.keys(report.plots)).toContain('difference-heldOutMlpd');
        expect(report.markdown).toContain('9 of 9 fits done');
    });
});
