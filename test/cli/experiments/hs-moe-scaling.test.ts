/**
 * hs-moe-scaling at a tiny size, whole pipeline: one fit per K, the time per particle-observation
 * against the stored filters' CPU seconds, and memory per particle growing with K.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runScaling, SCALING_QUICK } from '../../../packages/cli/src/experiments/hs-moe-scaling.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('hs-moe-scaling (tiny)', () => {
    it('reports time and memory per K from the fits', async () => {
        const config = { ...SCALING_QUICK, experts: [4, 8], seeds: 1, particles: 20, n: 40, nTest: 20 };
        const results = `${tmp.path}/fits`;
        const report = await runScaling(config, tinyOptions(results));
        const fits = report.tables['fits'] as Array<Record<string, number | string | null>>;
        expect(fits.map(f => f['K'])).toEqual([4, 8]);
        for (const fit of fits) {
            const stored = await readStored(results, String(fit['hash']));
            if (stored.kind !== 'found') throw new Error('fit not stored');
            expect(stored.stored.plan.experts.count).toBe(fit['K']);
            const cpu = (stored.stored.result.timing.chainSeconds ?? []).reduce((a, b) => a + b, 0);
            expect(fit['microsecondsPerParticleObservation'] as number).toBeCloseTo((1e6 * cpu) / (2 * 20 * 40), 9);
        }
        const byK = report.tables['by-k'] as Array<Record<string, number>>;
        expect(byK[1]!['bytesPerParticle']!).toBeGreaterThan(byK[0]!['bytesPerParticle']!);
        expect(byK[0]!['trustFitMiB']!).toBeCloseTo((3 * 2000 * byK[0]!['bytesPerParticle']!) / 2 ** 20, 9);
        expect(Object.keys(report.plots).sort()).toEqual(['sparsity-by-k', 'time-per-particle-observation']);
    });
});
