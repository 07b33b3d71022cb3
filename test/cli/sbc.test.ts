/**
 * `moe sbc` end to end on the built command: the report folder (summary, CSV tables, one SVG per
 * quantity), histograms that are the binned ranks, ranks that do not depend on --jobs, and the
 * refusals (a model fitted by EM, bins that do not divide the ranks). The statistical checks of
 * the filter by calibration are in test/engine/sbc.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { TempDir, runMoe } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('moe sbc', () => {
    const model = 'examples/sbc-two-experts.moe';
    const args = ['--replicates', '12', '--draws', '9', '--bins', '5', '--quiet'];

    it('writes the report, and the same ranks with one thread or two', () => {
        const one = join(tmp.path, 'one');
        const two = join(tmp.path, 'two');
        const a = runMoe(['sbc', model, ...args, '--jobs', '1', '--out', one], 300_000);
        expect(a.stderr).toBe('');
        expect([0, 1]).toContain(a.code);
        expect(runMoe(['sbc', model, ...args, '--jobs', '2', '--out', two], 300_000).code).toBe(a.code);
        const files = readdirSync(one).sort();
        expect(files).toEqual(
            expect.arrayContaining([
                'summary.md',
                'ranks.csv',
                'histograms.csv',
                'tests.csv',
                'result.json',
                'ranks-stick-1-x1.svg',
                'ranks-log-likelihood.svg'
            ])
        );
        expect(files.filter(f => f.endsWith('.svg'))).toHaveLength(9);
        expect(readFileSync(join(one, 'ranks.csv'), 'utf8')).toBe(readFileSync(join(two, 'ranks.csv'), 'utf8'));

        const ranks = parse(readFileSync(join(one, 'ranks.csv'), 'utf8'), { columns: true }) as Array<
            Record<string, string>
        >;
        const histograms = parse(readFileSync(join(one, 'histograms.csv'), 'utf8'), { columns: true }) as Array<
            Record<string, string>
        >;
        expect(ranks).toHaveLength(12 * 9);
        // Each histogram is its quantity's ranks in {0..9} binned by twos.
        for (const quantity of new Set(ranks.map(r => r['quantity']!))) {
            const counts = [0, 0, 0, 0, 0];
            for (const r of ranks.filter(r => r['quantity'] === quantity)) {
                const rank = Number(r['rank']);
                expect(rank).toBeGreaterThanOrEqual(0);
                expect(rank).toBeLessThanOrEqual(9);
                counts[Math.floor(rank / 2)]!++;
            }
            expect(histograms.filter(h => h['quantity'] === quantity).map(h => Number(h['count']))).toEqual(counts);
        }
        expect(readFileSync(join(one, 'summary.md'), 'utf8')).toMatch(
            /12 replicates: each draws the parameters from the model's priors/
        );
        expect(readFileSync(join(one, 'ranks-stick-1-x1.svg'), 'utf8')).toMatch(
            /^<\?xml[\s\S]*<svg[\s\S]*Rank histogram of stick 1 x1/
        );
    }, 600_000);

    it('refuses what it cannot simulate or bin', () => {
        const em = runMoe(['sbc', 'examples/motorcycle.moe', '--quiet'], 60_000);
        expect(em.code).toBe(1);
        expect(em.stderr).toMatch(
            /motorcycle\.moe: error: simulation-based calibration checks a posterior; this model is fitted by em/
        );
        const bins = runMoe(['sbc', model, '--draws', '10', '--bins', '4'], 60_000);
        expect(bins.code).toBe(2);
        expect(bins.stderr).toMatch(/--bins 4 must divide the 11 possible ranks of 10 draws/);
    }, 120_000);
});
