/**
 * The particle-learning traces are binned as they are recorded (pl/trace-bins.ts): a result holds
 * at most MAX_TRACE_BINS points per trace whatever the number of observations, and the bins are
 * exact summaries: min/mean/max and sums over each bin equal those of the per-observation values,
 * and the pooled evidence increments still sum to the log marginal likelihood.
 */
import { describe, expect, it } from 'vitest';
import { runPlan, type ParticleLearningResult } from '@moe-studio/engine';
import { MAX_TRACE_BINS, TraceRecorder, traceBinWidth } from '../../packages/engine/src/pl/trace-bins.js';
import { sparseExpertsPlan } from './plan/plans.js';

describe('TraceRecorder', () => {
    it('summarises each bin of `width` observations exactly, the last bin holding the rest', () => {
        const K = 2;
        const binned = new TraceRecorder(7, K, 3);
        const ess = [5, 1, 3, 8, 2, 9, 4];
        const inc = [-1, -2, -0.5, -1.5, -3, -0.25, -2];
        ess.forEach((e, t) => binned.record(t, e, inc[t], Float64Array.of(t / 10, 1 - t / 10)));
        [1, 4, 5, 6].forEach(t => binned.resampled(t));
        const tr = binned.trace;
        expect(Array.from(tr.count)).toEqual([3, 3, 1]);
        expect(Array.from(tr.essMin)).toEqual([1, 2, 4]);
        expect(Array.from(tr.essMax)).toEqual([5, 9, 4]);
        expect(Array.from(tr.essSum)).toEqual([9, 19, 4]);
        expect(Array.from(tr.incrementSum)).toEqual([-3.5, -4.75, -2]);
        expect(Array.from(tr.resamplings)).toEqual([1, 2, 1]);
        expect(Array.from(tr.allocationSum).map(v => Number(v.toFixed(12)))).toEqual([0.3, 2.7, 1.2, 1.8, 0.6, 0.4]);
    });

    it('uses the smallest width that keeps the bins within MAX_TRACE_BINS', () => {
        expect(traceBinWidth(0)).toBe(1);
        expect(traceBinWidth(MAX_TRACE_BINS)).toBe(1);
        expect(traceBinWidth(MAX_TRACE_BINS + 1)).toBe(2);
        expect(traceBinWidth(5_000_000)).toBe(2500);
        expect(Math.ceil(5_000_001 / traceBinWidth(5_000_001))).toBeLessThanOrEqual(MAX_TRACE_BINS);
    });
});

describe('binned diagnostics of a run', () => {
    it('keep at most MAX_TRACE_BINS points and pool exactly over two filters', async () => {
        const n = 4501;
        const plan = sparseExpertsPlan({ n, nTest: 0, particles: 20 });
        delete plan.data.test;
        if (plan.inference.algorithm === 'particle-learning') plan.inference.chains = 2;
        const r = (await runPlan(plan)) as ParticleLearningResult;
        const d = r.diagnostics;
        expect(d.binWidth).toBe(3);
        const bins = Math.ceil(n / 3);
        for (const series of [
            d.ess.min,
            d.ess.mean,
            d.ess.max,
            d.resamplings,
            d.logEvidenceIncrements,
            d.allocation,
            r.chains[0].ess.min
        ]) {
            expect(series).toHaveLength(bins);
        }
        // essThreshold 1 resamples at every step whose ESS is below N: never more than the bin holds.
        d.resamplings.forEach((c, b) => expect(c).toBeLessThanOrEqual(b === bins - 1 ? n - 3 * (bins - 1) : 3));
        d.ess.min.forEach((m, b) => {
            expect(m).toBeLessThanOrEqual(d.ess.mean[b] + 1e-9);
            expect(d.ess.mean[b]).toBeLessThanOrEqual(d.ess.max[b] + 1e-9);
        });
        expect(Math.min(...d.ess.min)).toBe(Math.min(...r.chains.map(c => c.minEss)));
        // The increments telescope: their sum is the pooled log evidence, up to the rounding of ~1500 additions.
        const sum = d.logEvidenceIncrements.reduce((a, v) => a + v, 0);
        expect(Math.abs(sum - r.logMarginalLikelihood)).toBeLessThan(1e-9 * Math.abs(r.logMarginalLikelihood));
        for (const row of d.allocation) expect(Math.abs(row.reduce((a, p) => a + p, 0) - 1)).toBeLessThan(1e-9);
    });
});
