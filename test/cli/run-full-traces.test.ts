/**
 * `moe run --full-traces FILE`: the result JSON keeps its binned traces and names the file; the
 * file holds one little-endian Float64 row per observation whose bins are exactly the JSON's
 * (sums of increments and resamplings, min and max of the ESS), with both filters pooled.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParticleLearningResult } from '@moe-studio/engine';
import { sparseExpertsPlan } from '../engine/plan/plans.js';
import { resultSchemaProblems } from '../engine/plan/result-schema.js';
import { runMoe, TempDir } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('moe run --full-traces', () => {
    it('writes every observation to the side file, and the JSON bins agree with it', () => {
        const n = 2500;
        const plan = sparseExpertsPlan({ n, nTest: 20, particles: 15 });
        if (plan.inference.algorithm === 'particle-learning') plan.inference.chains = 2;
        const file = tmp.file('plan.json', plan);
        const json = join(tmp.path, 'result.json');
        const traces = join(tmp.path, 'traces.f64');
        const run = runMoe(['run', file, '--json', json, '--full-traces', traces, '--quiet', '--jobs', '1'], 240_000);
        expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
        const result = JSON.parse(readFileSync(json, 'utf8')) as ParticleLearningResult;
        expect(resultSchemaProblems(result)).toEqual([]);
        const d = result.diagnostics;
        const K = result.experts.length;
        expect(d.full).toEqual({
            columns: [
                'ess_min',
                'ess_mean',
                'ess_max',
                'resamplings',
                'log_evidence_increment',
                ...Array.from({ length: K }, (_, k) => `allocation_${k + 1}`)
            ],
            rows: n,
            file: traces
        });
        const bytes = readFileSync(traces);
        const width = 5 + K;
        expect(bytes.length).toBe(8 * n * width);
        const values = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
        // 2500 observations: bins of 2 (1250 bins).
        expect(d.binWidth).toBe(2);
        const at = (t: number, c: number) => values[t * width + c];
        d.logEvidenceIncrements.forEach((inc, b) => {
            const ts = [2 * b, 2 * b + 1];
            expect(Math.min(...ts.map(t => at(t, 0)))).toBe(d.ess.min[b]);
            expect(Math.max(...ts.map(t => at(t, 2)))).toBe(d.ess.max[b]);
            expect(at(ts[0], 3) + at(ts[1], 3)).toBe(d.resamplings[b]);
            // Both are differences of the same pooled log evidence, taken at each step or every other.
            expect(Math.abs(at(ts[0], 4) + at(ts[1], 4) - inc)).toBeLessThan(1e-9 * Math.max(1, Math.abs(inc)));
        });
        expect(readdirSync(tmp.path).filter(f => f.endsWith('.tmp'))).toEqual([]);
    }, 300_000);
});
