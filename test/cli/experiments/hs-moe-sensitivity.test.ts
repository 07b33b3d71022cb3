/**
 * hs-moe-sensitivity at a tiny size, whole pipeline: each setting's plan carries its scales and
 * refresh period, and the difference from the default, paired by seed, matches a direct
 * computation from the fits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runSensitivity, SENSITIVITY_QUICK } from '../../../packages/cli/src/experiments/hs-moe-sensitivity.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('hs-moe-sensitivity (tiny)', () => {
    it('fits each setting and reports its paired difference from the default', async () => {
        const settings = [
            SENSITIVITY_QUICK.settings[0]!,
            SENSITIVITY_QUICK.settings[2]!,
            SENSITIVITY_QUICK.settings[5]!
        ];
        const config = { ...SENSITIVITY_QUICK, settings, seeds: 2, particles: 20, n: 50, nTest: 30 };
        const results = `${tmp.path}/fits`;
        const report = await runSensitivity(config, tinyOptions(results));
        const fits = report.tables['fits'] as Array<Record<string, string | number | null>>;
        expect(fits).toHaveLength(6);
        for (const fit of fits) {
            const stored = await readStored(results, String(fit['hash']));
            if (
                stored.kind !== 'found' ||
                stored.stored.plan.gate.type !== 'stick-breaking' ||
                stored.stored.plan.inference.algorithm !== 'particle-learning'
            )
                throw new Error('fit not stored');
            expect(stored.stored.plan.gate.prior).toMatchObject({
                kind: 'horseshoe',
                globalScale: fit['globalScale'],
                localScale: fit['localScale']
            });
            expect(stored.stored.plan.inference.sweepEvery).toBe(fit['sweepEvery']);
        }
        const at = (setting: string, seed: number) =>
            Number(fits.find(f => f['setting'] === setting && f['seed'] === seed)!['heldOutMlpd']);
        const [d, s] = [settings[0]!.name, settings[2]!.name];
        const direct = (at(s, 3) - at(d, 3) + (at(s, 4) - at(d, 4))) / 2;
        const row = (report.tables['summary'] as Array<Record<string, unknown>>).find(
            r => r['setting'] === s && r['metric'] === 'heldOutMlpd'
        )!;
        expect(row['differenceFromDefault'] as number).toBeCloseTo(direct, 12);
        expect(Object.keys(report.plots).sort()).toEqual(['effectiveEntropy', 'heldOutMlpd', 'top3Usage']);
    });
});
