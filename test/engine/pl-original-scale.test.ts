import { describe, expect, it } from 'vitest';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { nigLogEvidence } from '../../packages/engine/src/experts/nig-batch.js';
import type { NigPrior } from '../../packages/engine/src/plan/types.js';
import { plPlan } from './helpers/pl-fixtures.js';
import { moments, motorcycleRows, motorcycleStandardized } from './helpers/motorcycle.js';

/**
 * Particle learning reports the evidence and the held-out predictive on the data's original scale
 * when the target was z-scored. With one Gaussian expert the filter is exact, so its log Z must
 * equal the closed-form NIG evidence of the z-scored rows (computed here from the raw CSV,
 * independently of the engine's loader) minus n log sd(y): the density of the original data under
 * the model fitted on the z-scale.
 */
describe('particle learning on a standardised target', () => {
    it('gives the log evidence of the original data: exact NIG evidence on the z-scale minus n log sd(y)', async () => {
        const train = await loadStream(motorcycleStandardized);
        const plan = plPlan({ K: 1, d: 2, particles: 20 });
        const prior = plan.experts.prior as NigPrior;
        const result = runParticleLearning(plan, train, undefined, {});

        const { x, y } = motorcycleRows();
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
