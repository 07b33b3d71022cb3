/** runPlan: validation first, both streams loaded, dispatch on the algorithm, hooks passed on. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from '../../../packages/engine/src/run-plan.js';
import { CancelledError, DataError, PlanError } from '../../../packages/engine/src/errors.js';
import type { RunProgress } from '../../../packages/engine/src/result/types.js';
import { clone, csvPlan, hmoePlan, sparseExpertsPlan } from './plans.js';

const dir = mkdtempSync(join(tmpdir(), 'moe-runplan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runPlan', () => {
    it('rejects an invalid plan before reading any data', async () => {
        const plan = clone(csvPlan(join(dir, 'does-not-exist.csv'), { train: [0, 5], test: [5, 10] })) as any;
        plan.inference.particles = 0;
        await expect(runPlan(plan)).rejects.toThrow(PlanError);
    });

    it('reports bad data as a DataError', async () => {
        await expect(runPlan(csvPlan(join(dir, 'missing.csv'), { train: [0, 5], test: [5, 10] }))).rejects.toThrow(
            DataError
        );
    });

    it('dispatches particle learning with progress reported through the hooks', async () => {
        const seen: RunProgress[] = [];
        const result = await runPlan(sparseExpertsPlan({ n: 50, nTest: 20, particles: 20 }), {
            onProgress: p => seen.push(p),
            progressIntervalMs: 0
        });
        expect(result.algorithm).toBe('particle-learning');
        expect(result.observations).toBe(50);
        expect(result.predictive?.observations).toBe(20);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen[seen.length - 1]!.observationsTotal).toBe(50);
    });

    it('dispatches EM', async () => {
        const result = await runPlan(hmoePlan({ n: 200 }));
        expect(result.algorithm).toBe('em');
        expect(result.observations).toBe(200);
        expect(result.predictive?.observations).toBe(500);
    });

    it('scores held-out CSV rows on the training scale', async () => {
        // Rows 0..39 and 40..59 of one file. The held-out x1 lies inside the training range but has
        // its own mean 0.5 and spread about 0.2 (training: 0 and 0.7): z-scored by its own
        // statistics it would be read as x' = 3.4 (x1 - 0.5), an error of about 1 in y per row.
        const lines = ['x1,x2,y'];
        for (let i = 0; i < 60; i++) {
            const x1 = i < 40 ? Math.sin(i) : 0.5 + 0.3 * Math.sin(i);
            const x2 = Math.cos(3 * i);
            lines.push(`${x1},${x2},${1 + 2 * x1 - x2 + 0.1 * Math.sin(7 * i)}`);
        }
        const path = join(dir, 'scale.csv');
        writeFileSync(path, `${lines.join('\n')}\n`);
        const result = await runPlan(csvPlan(path, { train: [0, 40], test: [40, 60] }));
        expect(result.predictive?.observations).toBe(20);
        // y is not standardised here: predictions on the training scale track y = 1 + 2 x1 - x2
        // up to the noise (0.1) and the fit's own error.
        expect(result.predictive!.rmse).toBeLessThan(0.5);
        // The file both streams read, once, by the SHA-256 of its bytes.
        expect(result.dataFiles).toEqual([
            { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }
        ]);
    });

    it('records no data files for generated data', async () => {
        const result = await runPlan(sparseExpertsPlan({ n: 30, nTest: 10, particles: 10 }));
        expect(result.dataFiles).toBeUndefined();
    });

    it('stops with CancelledError when asked to before the run starts', async () => {
        await expect(
            runPlan(sparseExpertsPlan({ n: 30, nTest: 10, particles: 10 }), { shouldStop: () => true })
        ).rejects.toThrow(CancelledError);
    });
});
