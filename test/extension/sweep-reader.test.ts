/**
 * The sweep view reads what `moe sweep` writes: its --json summary and its results folder give
 * the same per-setting numbers as the command's own summary. The sweep runs through the built
 * binary on a small plan (two settings by three seeds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, repoRoot, runMoe } from '../cli/helpers.js';
import {
    SweepReadError,
    STORED_TASK_NAME,
    summarizeMetric,
    summarizeRows,
    sweepFromStoredTasks,
    sweepFromSummaryJson
} from '../../packages/extension/src/extension/sweep-reader.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('summaries over seeds', () => {
    it('gives the mean, the sample standard deviation and the standard error of the mean', () => {
        const m = summarizeMetric([
            { seed: 2, value: 3 },
            { seed: 1, value: 1 }
        ])!;
        expect(m.mean).toBe(2);
        expect(m.sd).toBeCloseTo(Math.SQRT2, 15);
        expect(m.se).toBeCloseTo(1, 15);
        expect(m.values.map(v => v.seed)).toEqual([1, 2]);
        const one = summarizeMetric([{ seed: 1, value: 5 }])!;
        expect([one.mean, one.sd, one.se]).toEqual([5, null, null]);
        expect(summarizeMetric([])).toBeUndefined();
    });

    it('keeps metrics a task lacks out of that metric only', () => {
        const [s] = summarizeRows([
            {
                setting: 'a',
                seed: 1,
                values: { logEvidence: -10, effectiveExperts: null, meanLogPredictiveDensity: -1, seconds: 0.1 }
            },
            {
                setting: 'a',
                seed: 2,
                values: { logEvidence: -12, effectiveExperts: null, meanLogPredictiveDensity: null, seconds: 0.3 }
            }
        ]);
        expect(s.metrics.effectiveExperts).toBeUndefined();
        expect(s.metrics.meanLogPredictiveDensity?.values).toEqual([{ seed: 1, value: -1 }]);
        expect(s.metrics.logEvidence?.mean).toBe(-11);
    });
});

describe.skipIf(!existsSync(join(repoRoot, 'packages/cli/dist/moe.cjs')))('a sweep written by moe sweep', () => {
    const results = join(tmp.path, 'results');
    const summaryFile = join(tmp.path, 'sweep.json');
    interface CliSummary {
        setting: string;
        tasks: number;
        logEvidence: { mean: number; sd: number | null };
        effectiveExperts: number | null;
        meanLogPredictiveDensity: number | null;
        seconds: number;
    }
    let cli: { summaries: CliSummary[]; tasks: unknown[] };

    beforeAll(() => {
        const plan = tmp.file('plan.json', sparseExpertsPlan({ n: 40, nTest: 20, particles: 20 }));
        const run = runMoe([
            'sweep',
            plan,
            '--set',
            'gate.prior=hs,normal',
            '--seeds',
            '1..3',
            '--results',
            results,
            '--json',
            summaryFile,
            '--jobs',
            '1',
            '--quiet'
        ]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        cli = JSON.parse(readFileSync(summaryFile, 'utf8'));
    });

    function expectMatchesCli(view: ReturnType<typeof sweepFromSummaryJson>): void {
        expect(view.settings.map(s => s.setting)).toEqual(['gate.prior=hs', 'gate.prior=normal']);
        for (const s of view.settings) {
            const c = cli.summaries.find(x => x.setting === s.setting)!;
            expect(s.tasks).toBe(3);
            expect(s.metrics.logEvidence!.values.map(v => v.seed)).toEqual([1, 2, 3]);
            // Same numbers summed in possibly another order: equal to rounding.
            expect(s.metrics.logEvidence!.mean).toBeCloseTo(c.logEvidence.mean, 9);
            expect(s.metrics.logEvidence!.sd).toBeCloseTo(c.logEvidence.sd!, 9);
            expect(s.metrics.effectiveExperts!.mean).toBeCloseTo(c.effectiveExperts!, 9);
            expect(s.metrics.meanLogPredictiveDensity!.mean).toBeCloseTo(c.meanLogPredictiveDensity!, 9);
            expect(s.metrics.seconds!.mean).toBeCloseTo(c.seconds, 9);
        }
    }

    it('reads the --json summary', () => {
        const view = sweepFromSummaryJson(readFileSync(summaryFile, 'utf8'), 'sweep.json');
        expect(view.algorithm).toBe('particle-learning');
        expect(view.skipped).toEqual([]);
        expectMatchesCli(view);
    });

    it('reads the results folder, skipping and naming what is not a stored task', () => {
        const names = readdirSync(results).filter(n => STORED_TASK_NAME.test(n));
        expect(names).toHaveLength(6);
        const files = names.map(name => ({ name, text: readFileSync(join(results, name), 'utf8') }));
        const secret = 'y,x\n1,SECRET-CELL\n';
        const broken = { name: `${'0'.repeat(64)}.json`, text: secret };
        const view = sweepFromStoredTasks([...files, broken], 'results');
        expectMatchesCli(view);
        expect(view.skipped).toEqual([`${'0'.repeat(64)}.json: not valid JSON`]);
        expect(JSON.stringify(view)).not.toContain('SECRET-CELL');
        // A task file renamed away from its hash is not trusted either.
        const renamed = { name: `${'1'.repeat(64)}.json`, text: files[0].text };
        expect(sweepFromStoredTasks([renamed, ...files.slice(1)], 'results').skipped).toEqual([
            `${'1'.repeat(64)}.json: not a stored sweep task`
        ]);
    });

    it('refuses what is not a sweep, with a reason', () => {
        const other = tmp.file('result.json', { resultVersion: 2, algorithm: 'em' });
        expect(() => sweepFromSummaryJson(readFileSync(other, 'utf8'), 'result.json')).toThrow(SweepReadError);
        expect(() => sweepFromSummaryJson('{', 'x.json')).toThrow(/x\.json is not valid JSON/);
        expect(() => sweepFromStoredTasks([], 'empty')).toThrow(/empty holds no stored sweep tasks/);
    });
});
