import { describe, expect, it } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, linearRegressionData, plPlan } from './helpers/pl-fixtures.js';

describe('held-out predictive of particle learning', () => {
    it('with one expert (exact posterior predictive) covers at the nominal level within 4 binomial standard errors', () => {
        const train = linearRegressionData(200, 1, [1, -1, 0.5], 1.3, 'train');
        const test = linearRegressionData(2000, 2, [1, -1, 0.5], 1.3, 'test');
        const result = runParticleLearning(plPlan({ K: 1, d: 3, particles: 10 }), train, test, {});
        const p = result.predictive!;
        expect(p.observations).toBe(2000);
        for (const level of [0.5, 0.9]) {
            const se = Math.sqrt((level * (1 - level)) / 2000);
            expect(Math.abs(p.coverage[String(level)] - level), `coverage ${level}`).toBeLessThan(4 * se);
        }
        // The RMSE of the mean cannot beat the noise sd 1.3 and should be close to it.
        expect(p.rmse).toBeGreaterThan(1.2);
        expect(p.rmse).toBeLessThan(1.45);
    });

    it('on HSMOE-SYN-10x3 covers close to nominal (docs/method.md §4.3: 90% intervals cover 0.85-0.95)', () => {
        // Reduced size (n = 300, N = 300) to keep the test fast. Nominal coverage is tested tightly
        // in the exact one-expert case above; here the filter's posterior is an approximation, and
        // the band asserted is the acceptance band docs/method.md §4.3 states for the 90% intervals.
        const train = hsmoeSyn10x3(300, 20260114);
        const test = hsmoeSyn10x3(1000, 99, 'test');
        const result = runParticleLearning(plPlan({ particles: 300, seed: 7919 }), train, test, {});
        const p = result.predictive!;
        expect(p.coverage['0.9']).toBeGreaterThanOrEqual(0.85);
        expect(p.coverage['0.9']).toBeLessThanOrEqual(0.95);
        expect(p.coverage['0.5']).toBeLessThan(p.coverage['0.9']);
        expect(p.points.length).toBeGreaterThan(0);
        for (const pt of p.points) expect(pt.intervals['0.9'].lower).toBeLessThan(pt.intervals['0.5'].lower);
    });
});
