/**
 * streaming-shift: the windowed mean and the recovery time against direct loops, and the whole
 * pipeline at a tiny size (its recovery and prequential means from the stored fits' scores).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { recoveryTime, runStreaming, STREAMING_QUICK, windowedMean } from '../../../packages/cli/src/experiments/streaming-shift.js';
import { readStored } from '../../../packages/cli/src/tasks/result-store.js';
import { TempDir } from '../helpers.js';
import { tinyOptions } from './tiny-options.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

/** Direct: the first t >= shift + w - 1 whose last-w mean is within tol of the last-w mean before the shift. */
function directRecovery(s: readonly number[], shift: number, w: number, tol: number): number | null {
    let level = 0;
    for (let t = shift - w; t < shift; t++) level += s[t]! / w;
    for (let t = shift + w - 1; t < s.length; t++) {
        let m = 0;
        for (let u = t - w + 1; u <= t; u++) m += s[u]! / w;
        if (m >= level - tol) return t - shift + 1;
    }
    return null;
}

describe('streaming-shift', () => {
    it('windowed mean and recovery time', () => {
        expect(windowedMean([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
        // Level -1 before t = 20, a drop to -5, back to -1.3 (within 0.5 of -1) from t = 35.
        const s = Array.from({ length: 60 }, (_, t) => (t < 20 ? -1 : t < 35 ? -5 : -1.3));
        expect(recoveryTime(s, 20, 5, 0.5).recovery).toBe(directRecovery(s, 20, 5, 0.5));
        expect(recoveryTime(s, 20, 5, 0.5).recovery).toBe(20);
        expect(recoveryTime(s.map((v, t) => (t >= 20 ? -5 : v)), 20, 5, 0.5).recovery).toBeNull();
    });

    it('runs the pipeline at a tiny size', async () => {
        const config = { ...STREAMING_QUICK, seeds: 1, particles: 20, chains: 2, n: 160, shiftAt: 80, window: 10 };
        const results = `${tmp.path}/fits`;
        const report = await runStreaming(config, tinyOptions(results));
        const fits = report.tables['fits'] as Array<Record<string, string | number | null>>;
        expect(fits).toHaveLength(2);
        for (const fit of fits) {
            const stored = await readStored(results, String(fit['hash']));
            if (stored.kind !== 'found' || stored.stored.result.algorithm !== 'particle-learning') throw new Error('fit not stored');
            const s = stored.stored.result.diagnostics.logEvidenceIncrements;
            expect(s).toHaveLength(120);
            expect(fit['recoveryObservations']).toBe(directRecovery(s, 80, 10, config.tolerance));
            expect(fit['meanPrequentialBefore'] as number).toBeCloseTo(s.slice(0, 80).reduce((a, b) => a + b, 0) / 80, 10);
        }
        expect((report.tables['prequential'] as unknown[]).length).toBe(240);
        expect(Object.keys(report.plots)).toEqual(['prequential-log-score']);
    });
});
