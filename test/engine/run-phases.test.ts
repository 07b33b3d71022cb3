import { describe, expect, it } from 'vitest';
import { runPlan } from '../../packages/engine/src/run-plan.js';
import type { RunProgress } from '../../packages/engine/src/result/types.js';
import { plPlan } from './helpers/pl-fixtures.js';

/**
 * A caller can show that a run started before anything slow happens: the first progress report
 * comes before the plan is validated and the data are read (phase 'loading'), the fit reports
 * 0 observations done before its first step, and the summaries after the fit say so.
 */
describe('run phases in progress reports', () => {
    it('reports loading first, then fitting from 0 observations, then summarising with every observation done', async () => {
        const plan = plPlan({ particles: 200, chains: 2 }); // polled every ceil(1e4 / (N K)) = 5 observations
        const train = plan.data.train;
        const small = { ...plan, data: { train: { ...train, source: { ...train.source, n: 40 } } } } as typeof plan;
        const seen: RunProgress[] = [];
        let loadingSeenBeforeValidation = false;
        // An invalid plan still reports loading first: the report comes before validation.
        await expect(
            runPlan(
                { ...small, experts: { ...small.experts, count: -1 } },
                {
                    onProgress: p => {
                        if (p.phase === 'loading') loadingSeenBeforeValidation = true;
                    }
                }
            )
        ).rejects.toThrow();
        expect(loadingSeenBeforeValidation).toBe(true);

        await runPlan(small, { progressIntervalMs: 1e9, onProgress: p => seen.push(p) });
        expect(seen[0].phase).toBe('loading');
        expect(seen[1]).toMatchObject({ phase: 'fitting', observationsDone: 0, observationsTotal: 80 });
        // With a huge interval a filter still reports at its first poll, not only at its end.
        const fitting = seen.filter(p => p.phase === 'fitting');
        expect(fitting.some(p => p.observationsDone > 0 && p.observationsDone < 40)).toBe(true);
        expect(seen.at(-1)).toMatchObject({ phase: 'summarising', observationsDone: 80, observationsTotal: 80 });
    });
});
