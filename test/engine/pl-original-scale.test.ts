import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { nigLogEvidence } from '../../packages/engine/src/experts/nig-batch.js';
import type { NigPrior, StreamSpec } from '../../packages/engine/src/plan/types.js';
import { plPlan } from './helpers/pl-fixtures.js';

/**
 * Particle learning reports the evidence and the held-out predictive on the data's original scale
 * when the target was z-scored. With one Gaussian expert the filter is exact, so its log Z must
 * equal the closed-form NIG evidence of the z-scored rows (computed here from the raw CSV,
 * independently of the engine's loader) minus n log sd(y): the density of the original data under
 * the model fitted on the z-scale.
 */
const CSV = fileURLToPath(new URL('../../examples/data/mcycle-shuffled.csv', import.meta.url));

function rawRows(): { x: number[]; y: number[] } {
    const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split(/\r?\n/);
    const names = header.split(',').map(s => s.trim().replace(/^"|"$/g, ''));
    const xi = names.indexOf('times');
    const yi = names.indexOf('accel');
    const rows = lines.map(l => l.split(',').map(Number));
    return { x: rows.map(r => r[xi]), y: rows.map(r => r[yi]) };
}

const moments = (v: number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return { mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) };
};

describe('particle learning on a standardised target', () => {
    it('gives the log evidence of the original data: exact NIG evidence on the z-scale minus n log sd(y)', async () => {
        const spec: StreamSpec = {
            name: 'train',
            line: 1,
            source: {
                kind: 'csv',
                path: CSV,
                target: 'accel',
                inputs: ['times'],
                intercept: true,
                standardize: true,
                standardizeTarget: true
            }
        };
        const train = await loadStream(spec);
        const plan = plPlan({ K: 1, d: 2, particles: 20 });
        const prior = plan.experts.prior as NigPrior;
        const result = runParticleLearning(plan, train, undefined, {});

        const { x, y } = rawRows();
        const mx = moments(x);
        const my = moments(y);
        const X = x.flatMap(v => [1, (v - mx.mean) / mx.sd]);
        const z = y.map(v => (v - my.mean) / my.sd);
        const exact = nigLogEvidence(X, z, z.length, 2, prior) - z.length * Math.log(my.sd);
        expect(Math.abs(result.logMarginalLikelihood - exact)).toBeLessThan(1e-8 * Math.abs(exact));
        expect(result.standardization?.target?.name).toBe('accel');
        expect(result.standardization?.target?.mean).toBeCloseTo(my.mean, 10);
        expect(result.standardization?.target?.sd).toBeCloseTo(my.sd, 10);
        expect(result.standardization?.logJacobian).toBeCloseTo(-z.length * Math.log(my.sd), 10);
    });
});
