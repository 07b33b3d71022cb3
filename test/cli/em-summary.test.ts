/**
 * The EM part of `moe run`'s summary: the Restarts table says why every start stopped and which
 * was kept, and a standardised target is reported on its original scale.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmResult } from '../../packages/engine/src/result/types.js';
import { formatSummary } from '../../packages/cli/src/commands/run/summary.js';
import { runCommand } from '../../packages/cli/src/commands/run.js';
import { resultSchemaProblems } from '../engine/plan/result-schema.js';
import { TempDir, capture } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const level = { gate: 'laplace' as const, weights: [[0.2], [-0.2]], bias: [0.1, 0] };
const result: EmResult = {
    resultVersion: 3,
    model: { name: 'm', source: '/m.moe' },
    seed: 1,
    observations: 100,
    inputs: ['(intercept)', 'times'],
    timing: { seconds: 0.5, iterationsPerSecond: 400 },
    warnings: [],
    algorithm: 'em',
    converged: true,
    iterations: 91,
    logLikelihoodTrace: [-500, -480.5],
    logLikelihood: -480.5,
    aic: 1003,
    bic: 1060,
    parameters: 21,
    gates: { outer: level, inner: [level, level] },
    experts: [{ outer: 0, inner: 0, coefficients: [1, 2], variance: 0.1, share: 1 }],
    responsibilities: [],
    standardization: {
        inputs: ['times'],
        mean: [25],
        sd: [13],
        target: { name: 'accel', mean: -25, sd: 48 },
        logJacobian: -387.1
    },
    restarts: [
        {
            restart: 0,
            initialization: 'flat-mixture',
            logLikelihood: -490.25,
            iterations: 40,
            converged: false,
            stopped: 'screened'
        },
        {
            restart: 1,
            initialization: 'random',
            logLikelihood: -480.5,
            iterations: 91,
            converged: true,
            stopped: 'converged'
        },
        {
            restart: 2,
            initialization: 'random',
            logLikelihood: -495,
            iterations: 17,
            converged: true,
            stopped: 'converged'
        },
        {
            restart: 3,
            initialization: 'random',
            logLikelihood: -485,
            iterations: 40,
            converged: false,
            stopped: 'max-iterations'
        }
    ]
};

/** The data rows of the Restarts table, split into cells. */
function restartRows(summary: string): string[][] {
    const section = summary.split('\n\n').find(s => s.startsWith('Restarts'))!;
    return section
        .split('\n')
        .slice(3)
        .filter(l => /^\s+\d+\s{2,}/.test(l))
        .map(l => l.trim().split(/\s{2,}/));
}

describe('moe run summary of an EM fit', () => {
    it('lists every start with its log-likelihood, iterations, why it stopped, and marks the kept one', () => {
        const summary = formatSummary(result);
        expect(summary).toMatch(/restart\s+start\s+log-likelihood\s+iterations\s+stopped\s+kept/);
        expect(restartRows(summary)).toEqual([
            ['1', 'flat-mixture', '-490.25000', '40', 'screened out after 40'],
            ['2', 'random', '-480.50000', '91', 'converged', '*'],
            ['3', 'random', '-495.00000', '17', 'converged'],
            ['4', 'random', '-485.00000', '40', 'hit max_iterations']
        ]);
        expect(summary).toContain(
            '1 of 4 starts screened out (stopped after the screening iterations, not at their own optimum); the start with the highest log-likelihood after the screen ran on to the end unless it had converged, and is kept'
        );
    });

    it('says the log-likelihood is on the original scale and the coefficients are not', () => {
        const summary = formatSummary(result);
        expect(summary).toContain('on the original scale of accel (fitted z-scored; log Jacobian -387.100 included)');
        expect(summary).toContain('gates and experts below are on the standardised scale');
        expect(formatSummary({ ...result, standardization: undefined })).not.toContain('original scale');
    });

    it('a result written before `stopped` existed still reads', () => {
        const old = { ...result, restarts: result.restarts.map(({ stopped: _, ...r }) => r) };
        expect(restartRows(formatSummary(old)).map(r => r[4])).toEqual([
            'not converged',
            'converged',
            'converged',
            'not converged'
        ]);
    });

    it('examples/motorcycle.moe: screened starts, the kept one the best, on the scale of acceleration', async () => {
        const out = join(tmp.path, 'motorcycle.json');
        const run = await capture(() => runCommand('examples/motorcycle.moe', { json: out }));
        expect(run.code).toBe(0);
        const json = JSON.parse(readFileSync(out, 'utf8')) as EmResult;
        expect(resultSchemaProblems(json)).toEqual([]);
        expect(json.standardization?.target?.name).toBe('accel');
        const best = Math.max(...json.restarts.map(r => r.logLikelihood));
        expect(json.logLikelihood).toBe(best);
        expect(json.restarts.filter(r => r.stopped === 'screened').length).toBeGreaterThan(0);
        expect(run.stdout).toMatch(/screened out after 40/);
        expect(run.stdout).toContain('on the original scale of accel');
    });
});
