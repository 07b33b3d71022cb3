import { describe, expect, it } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

/**
 * Expert usage and its 90% interval summarise one per-particle quantity (docs/method.md §3): the
 * particle's path average of allocation probabilities along its ancestry. The reported usage
 * is the weighted mean of those path averages and the interval their weighted 5% and 95%
 * quantiles, so the mean lies inside the interval unless more than 5% of the weight sits far
 * out in one tail, which a run whose particles share most of their ancestry does not show.
 * (Averaging the particle-averaged probabilities over time instead mixes in the filtering
 * weights of paths that died out, and put a mean outside its own interval.)
 */
describe('particle-learning usage summary', () => {
    it('each expert usage is the mean of the path usages whose quantiles give its interval', () => {
        const train = hsmoeSyn10x3(120, 20260114);
        const result = runParticleLearning(plPlan({ particles: 200, seed: 7919 }), train, undefined, {});
        for (const e of result.experts) {
            expect(e.usage).toBeGreaterThanOrEqual(e.usageInterval.lower);
            expect(e.usage).toBeLessThanOrEqual(e.usageInterval.upper);
        }
        const total = result.experts.reduce((a, e) => a + e.usage, 0);
        expect(total).toBeCloseTo(1, 10);
    });
});
