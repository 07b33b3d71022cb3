/**
 * hs-moe-sparsity at a tiny size, whole pipeline (fits on the run worker, result cache, report):
 * the report's files and rows, the effective number of experts against exp(entropy) of the
 * stored usage, the summary's t interval against a direct computation, and a second run that
 * reuses every stored fit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runSparsity, SPARSITY_QUICK } from '../../../packages/cli/src/experiments/hs-moe-sparsity.js';
import { writeReportFolder } from '../../../packages/cli/src/experiments/report/write-report.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { tinyOptions } from './tiny-options.js';
import { TempDir } from '../helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const config = {
    ...SPARSITY_QUICK,
    design: { ...SPARSITY_QUICK.design, n: 60, nTest: 40 },
    dataReplicates: 1,
    seedsPerReplicate: 2,
    particles: 20,
    chains: 2
};

describe('hs-moe-sparsity (tiny)', () => {
    it('reports every fit, and its numbers agree with the stored results', async () => {
        const results = join(tmp.path, 'fits');
        const options = tinyOptions(results);
        const report = await runSparsity(config, options);
        expect(report.stopped).toBe(false);
        expect(Object.keys(report.plots).sort()).toEqual(['effective-experts', 'sorted-usage', 'top3-usage']);
        expect(options.progress.at(-1)).toBe(2);
        const out = join(tmp.path, 'report');
        await writeReportFolder(out, report);
        const fits = parse(readFileSync(join(out, 'fits.csv'), 'utf8'), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(fits.map(f => Number(f['seed']))).toEqual([3, 4]);
        for (const fit of fits) {
            const stored = await readStored(results, fit['hash']!);
            if (stored.kind !== 'found' || stored.stored.result.algorithm !== 'particle-learning')
                throw new Error('fit not stored');
            const usage = stored.stored.result.experts.map(e => e.usage);
            const entropy = -usage.reduce((a, u) => a + (u > 0 ? u * Math.log(u) : 0), 0);
            expect(Number(fit['effectiveEntropy'])).toBeCloseTo(Math.exp(entropy), 10);
            expect(Number(fit['logZ'])).toBe(stored.stored.result.logMarginalLikelihood);
        }
        // Two fits: mean ± t(0.975, 1 df) sd / sqrt(2), t = 12.7062047...
        const summary = parse(readFileSync(join(out, 'summary.csv'), 'utf8'), { columns: true }) as Array<
            Record<string, string>
        >;
        const logZ = summary.find(s => s['metric'] === 'logZ')!;
        const values = fits.map(f => Number(f['logZ']));
        const m = (values[0]! + values[1]!) / 2;
        const sd = Math.abs(values[0]! - values[1]!) / Math.SQRT2;
        expect(Number(logZ['mean'])).toBeCloseTo(m, 9);
        expect(Number(logZ['upper'])).toBeCloseTo(m + (12.706204736174707 * sd) / Math.SQRT2, 6);
        expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('2 of 2 fits done');

        const again = await runSparsity(config, tinyOptions(results));
        expect((again.data as { fits: unknown[] }).fits).toEqual((report.data as { fits: unknown[] }).fits);
    });

    it('an aborted signal starts no fit and marks the report stopped', async () => {
        const controller = new AbortController();
        controller.abort();
        const report = await runSparsity(
            { ...config, seedsPerReplicate: 1 },
            tinyOptions(join(tmp.path, 'none'), { signal: controller.signal, seed: 50 })
        );
        expect(report.stopped).toBe(true);
        expect(report.tables['fits']).toEqual([]);
        expect(report.markdown).toContain('stopped');
    });
});
