import { describe, expect, it } from 'vitest';
import { addProgress, emptyTrace } from '../../packages/extension/src/webview/results-view.js';
import { runningUsage } from '../../packages/extension/src/webview/charts/particle-learning-charts.js';
import { thin } from '../../packages/extension/src/webview/charts/plot-frame.js';
import { num } from '../../packages/extension/src/webview/dom.js';

describe('what the panel gathers while a run goes', () => {
    it('keeps the ESS and usage of each progress report', () => {
        const trace = emptyTrace('r1');
        addProgress(trace, {
            observationsDone: 10,
            observationsTotal: 100,
            ess: 90,
            elapsedSeconds: 0.1,
            usage: [0.6, 0.4]
        });
        addProgress(trace, {
            observationsDone: 20,
            observationsTotal: 100,
            ess: 70,
            elapsedSeconds: 0.2,
            usage: [0.5, 0.5]
        });
        expect(trace.essTimes).toEqual([10, 20]);
        expect(trace.ess).toEqual([90, 70]);
        expect(trace.usage).toEqual([
            [0.6, 0.4],
            [0.5, 0.5]
        ]);
        expect(trace.last?.observationsDone).toBe(20);
    });

    it('records each EM iteration once', () => {
        const trace = emptyTrace('r2');
        for (const [iteration, ll] of [
            [1, -10],
            [1, -10],
            [2, -9],
            [3, -8.5]
        ]) {
            addProgress(trace, {
                observationsDone: 50,
                observationsTotal: 50,
                iteration,
                logLikelihood: ll,
                elapsedSeconds: 0
            });
        }
        expect(trace.logLikelihood).toEqual([
            { iteration: 1, logLikelihood: -10 },
            { iteration: 2, logLikelihood: -9 },
            { iteration: 3, logLikelihood: -8.5 }
        ]);
        expect(trace.ess).toEqual([]);
    });
});

describe('chart data', () => {
    it('turns per-observation allocations into the running usage estimate', () => {
        const usage = runningUsage([
            [1, 0],
            [0, 1],
            [0, 1],
            [0.5, 0.5]
        ]);
        expect(usage).toEqual([
            [1, 0],
            [0.5, 0.5],
            [1 / 3, 2 / 3],
            [0.375, 0.625]
        ]);
        for (const row of usage) expect(row[0] + row[1]).toBeCloseTo(1, 15);
    });

    it('thins long series evenly, keeping both ends', () => {
        expect(thin(5, 10)).toEqual([0, 1, 2, 3, 4]);
        const idx = thin(10_000, 100);
        expect(idx[0]).toBe(0);
        expect(idx[idx.length - 1]).toBe(9_999);
        expect(idx.length).toBeLessThanOrEqual(101);
        expect(new Set(idx).size).toBe(idx.length);
    });

    it('formats numbers as people read them', () => {
        expect(num(500)).toBe('500');
        expect(num(12345)).toBe('12,345');
        expect(num(-777.97712, 6)).toBe('-777.977');
        expect(num(0.000123)).toBe('1.230e-4');
        expect(num(undefined)).toBe('–');
        expect(num(Number.NaN)).toBe('NaN');
    });
});
