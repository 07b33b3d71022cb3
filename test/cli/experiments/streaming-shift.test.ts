/**
 * streaming-shift: the rolling means and recovery times against direct loops, and the whole
 * pipeline at a tiny size, its one-step-ahead numbers against a filter run here directly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadStream, type PlPrequential } from '@moe-studio/engine';
import { ParticleLearningFilter } from '../../../packages/engine/src/pl/filter.js';
import { filterFor } from '../../../packages/engine/src/pl/chain.js';
import type { ParticleLearningSpec } from '../../../packages/engine/src/plan/types.js';
import {
    rollingMean,
    runStreaming,
    STREAMING_QUICK,
    streamingPlan,
    streamTrace
} from '../../../packages/cli/src/experiments/streaming-shift.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

/** One observation per bin, so rolling means over bins are rolling means over observations. */
function unitBins(scores: number[], c90: number[]): PlPrequential {
    return {
        binSize: 1,
        start: scores.map((_, t) => t),
        count: scores.map(() => 1),
        meanLogScore: scores,
        coverage: { '0.5': c90.map(() => 0), '0.9': c90 },
        overall: { meanLogScore: 0, coverage: {} }
    };
}

describe('streaming-shift', () => {
    it('rolling means weigh bins by their counts; recovery waits for a window wholly after the shift', () => {
        expect(rollingMean([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
        expect(rollingMean([1, 4], [3, 1], 2)).toEqual([1, (3 + 4) / 4]);
        // Level -1 before t = 20, a drop to -5, back to -1.3 (within 0.5 of -1) from t = 35 (0-based):
        // the window of 5 ending at observation 40 (1-based) is the first all at -1.3, 20 after the shift.
        const s = Array.from({ length: 60 }, (_, t) => (t < 20 ? -1 : t < 35 ? -5 : -1.3));
        const c = Array.from({ length: 60 }, (_, t) => (t < 20 || t >= 30 ? 1 : 0));
        const trace = streamTrace(unitBins(s, c), 20, 5, 0.5);
        expect(trace.level).toBe(-1);
        expect(trace.recoveryByScore).toBe(20);
        // Coverage 1 from t = 30: the first window with at least 0.85 (5 of 5) ends at observation 35.
        expect(trace.recoveryByCoverage).toBe(15);
        expect(
            streamTrace(
                unitBins(
                    s.map((v, t) => (t >= 20 ? -5 : v)),
                    c
                ),
                20,
                5,
                0.5
            ).recoveryByScore
        ).toBeNull();
        // Adapted: observations from shift + window = 25 on.
        expect(trace.adapted.observations).toBe(35);
        expect(trace.adapted.coverage90).toBeCloseTo(30 / 35, 12);
    });

    it('runs the pipeline at a tiny size; its one-step-ahead scores are those of the filter run directly', async () => {
        const config = {
            ...STREAMING_QUICK,
            seeds: 1,
            particles: 20,
            chains: 1,
            n: 160,
            shiftAt: 80,
            window: 10,
            forgetting: [1, 0.95]
        };
        const report = await runStreaming(config, tinyOptions(`${tmp.path}/fits`));
        const fits = report.tables['fits'] as Array<Record<string, string | number | null>>;
        expect(fits.map(f => f['forgetting'])).toEqual([1, 0.95]);
        expect(Object.keys(report.plots)).toEqual(['prequential-log-score', 'prequential-coverage-90']);
        expect(report.markdown).toContain('| λ = 0.95 (memory 20) |');
        // 120 training rows in bins of one: one series point per row and fit.
        expect((report.tables['prequential'] as unknown[]).length).toBe(240);

        for (const fit of fits) {
            const lambda = fit['forgetting'] as number;
            const plan = streamingPlan(config, lambda, fit['seed'] as number);
            const train = await loadStream(plan.data.train);
            const filter: ParticleLearningFilter = filterFor(
                plan.inference as ParticleLearningSpec,
                plan,
                train,
                plan.inference.seed
            );
            for (let t = 0; t < train.n; t++) filter.step(t, train.X, t * train.d, train.y[t]);
            const pit = filter.prequential!.pit;
            // Rows 91..120 (from shift + window on): inside the 90% interval iff |u - 1/2| <= 0.45.
            let inside = 0;
            let score = 0;
            for (let t = 90; t < 120; t++) {
                if (Math.abs(pit[t] - 0.5) <= 0.45) inside++;
                score += filter.prequential!.logScores[t];
            }
            expect(fit['adaptedCoverage90']).toBeCloseTo(inside / 30, 12);
            expect(fit['adaptedLogScore'] as number).toBeCloseTo(score / 30, 10);
        }
    });
});
