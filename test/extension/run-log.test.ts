import { describe, expect, it } from 'vitest';
import {
    applyOverrides,
    errorModelLine,
    formatDuration,
    formatProblem,
    formatProgress,
    formatResultSummary,
    formatRunError,
    formatRunStart
} from '../../packages/extension/src/extension/run-log.js';
import { emResult, plPlan, plResult } from './fixtures.js';

describe('run log', () => {
    it('prints problems as FILE:LINE:COLUMN so the output channel links them', () => {
        expect(
            formatProblem({
                file: '/m/a.moe',
                line: 3,
                column: 9,
                endLine: 3,
                endColumn: 12,
                severity: 'error',
                message: "Unknown prior 'hs2'."
            })
        ).toBe("/m/a.moe:3:9: error: Unknown prior 'hs2'.");
    });

    it("links a data error to the data file line and to the model's stream declaration", () => {
        const lines = formatRunError(
            { kind: 'data', message: 'missing value', file: '/m/data/tiny.csv', line: 12 },
            plPlan()
        );
        expect(lines).toContain('  at /m/data/tiny.csv:12:1');
        expect(lines).toContain('  data declared at /models/tiny.moe:4:1');
        expect(errorModelLine({ kind: 'data', message: '' }, plPlan())).toBe(4);
    });

    it('links a numerical error to the stream the filter was reading', () => {
        const lines = formatRunError(
            { kind: 'numerical', message: 'non-finite weight at observation 5', observation: 4 },
            plPlan()
        );
        expect(lines.join('\n')).toMatch(
            /numerical error: non-finite weight at observation 5\n.*\/models\/tiny\.moe:4:1/
        );
        expect(errorModelLine({ kind: 'plan', message: '' }, plPlan())).toBe(1);
    });

    it('applies the seed and particle settings without touching the compiled plan', () => {
        const plan = plPlan();
        const changed = applyOverrides(plan, { seed: 11, particles: 7 });
        expect(changed.inference).toMatchObject({ seed: 11, particles: 7 });
        expect(plan.inference).toMatchObject({ seed: 3, particles: 100 });
        expect(applyOverrides(plan, { seed: null, particles: null })).toEqual(plan);
    });

    it('describes the plan, seed and settings at the start of a run', () => {
        const text = formatRunStart(
            applyOverrides(plPlan(), { seed: 11, particles: null }),
            { seed: 11, particles: null },
            new Date(0)
        ).join('\n');
        expect(text).toContain('run tiny (/models/tiny.moe)');
        expect(text).toContain('100 particles');
        expect(text).toContain('seed 11');
        expect(text).toContain('overrides: seed=11');
    });

    it('summarises the figures of each kind of result', () => {
        const pl = formatResultSummary(plResult(), 1.5).join('\n');
        expect(pl).toContain('log marginal likelihood -5.5');
        expect(pl).toContain('#1 0.7 [0.6, 0.8]');
        expect(pl).toContain('RMSE 0.4');
        const em = formatResultSummary(emResult(), 0.2).join('\n');
        expect(em).toContain('AIC 31; BIC 40');
        expect(em).toContain('warning: one restart did not converge');
    });

    it('shows observations, ESS and time left in the progress notification', () => {
        const p = formatProgress({
            observationsDone: 250,
            observationsTotal: 1000,
            ess: 812.4,
            elapsedSeconds: 2,
            iteration: undefined
        });
        expect(p.fraction).toBe(0.25);
        expect(p.message).toBe('250/1,000 observations · ESS 812 · 6.0 s left');
        expect(formatProgress({ observationsDone: 0, observationsTotal: 0, elapsedSeconds: 0 }).fraction).toBe(0);
        expect(formatDuration(125)).toBe('2 min 5 s');
    });

    it('names the phase after the last observation, and leaves time left out of a stopped run', () => {
        const done = formatProgress({ observationsDone: 500, observationsTotal: 500, ess: 80, elapsedSeconds: 7 });
        expect(done.message).toBe(
            '500/500 observations · ESS 80 · filtering done; computing held-out predictions and summaries'
        );
        const stopped = formatProgress(
            { observationsDone: 250, observationsTotal: 1000, ess: 812.4, elapsedSeconds: 2 },
            { timeLeft: false }
        );
        expect(stopped.message).toBe('250/1,000 observations · ESS 812');
    });

    it('shows EM progress by iteration, without a fraction done', () => {
        const p = formatProgress({
            observationsDone: 600,
            observationsTotal: 600,
            iteration: 12,
            logLikelihood: -449.40213,
            elapsedSeconds: 0.5
        });
        expect(p.fraction).toBe(0);
        expect(p.message).toBe('600 observations · EM iteration 12 · log-likelihood -449.40213 · 0.5 s so far');
    });
});

describe('run-time problems for the Problems panel', () => {
    it('puts a data error at the data file line and on the model data declaration', async () => {
        const { runProblemLocations } = await import('../../packages/extension/src/extension/run-problem-locations.js');
        const { plPlan } = await import('./fixtures.js');
        const plan = plPlan();
        const where = runProblemLocations(
            {
                kind: 'data',
                message: 'data/tiny.csv:3: x is not a number',
                file: '/models/data/tiny.csv',
                line: 3,
                reason: "column 'x' holds 'abc', not a number"
            },
            plan
        );
        expect(where).toEqual([
            { file: '/models/data/tiny.csv', line: 3, message: "column 'x' holds 'abc', not a number" },
            { file: '/models/tiny.moe', line: 4, message: 'The last run stopped: data/tiny.csv:3: x is not a number' }
        ]);
        expect(runProblemLocations({ kind: 'internal', message: 'boom' }, plan)).toEqual([]);
        expect(runProblemLocations({ kind: 'cancelled', message: 'cancelled' }, plan)).toEqual([]);
    });
});
