import { beforeAll, describe, expect, it } from 'vitest';
import type { ParticleLearningResult } from '../../packages/engine/src/result/types.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

/**
 * HSMOE-SYN-10x3 (method.md §4.2) with the horseshoe gate: posterior usage concentrates on the
 * three active experts. Sized for the test budget: one data set (seed 20260114), one algorithm
 * seed (7919, replicate r = 0 of §4.2), N = 500 particles instead of 1000. The thresholds:
 * - the three most used experts carry at least 85% of the usage (the 7 inactive experts 15% at
 *   most, against 70% under a uniform spread). §4.3's stricter ">= 0.95 in 3 of 4 seeds at
 *   N = 1000" is an experiment, run by scripts/bench/pl-sparsity.ts, not a unit test: single PL
 *   runs sometimes split one true expert over two labels (§2.5.4), which a one-seed test cannot
 *   average out;
 * - at most 6 of the 10 experts have more than 1% usage on average over particles;
 * - every true active expert is matched: for each of experts 1-3, some label's coefficients are
 *   within 0.5 (max-abs) of its true coefficients.
 */
const TRUE_ACTIVE = [
    [2, 1, 0, -1, 0, 0],
    [-2, 0, 1, 0, -1, 0],
    [0, -1, -1, 0, 0, 1]
];

describe('HS-MoE sparsity on HSMOE-SYN-10x3', () => {
    const train = hsmoeSyn10x3(500, 20260114);
    let result: ParticleLearningResult;
    beforeAll(() => {
        result = runParticleLearning(plPlan({ particles: 500, seed: 7919 }), train, undefined, {});
    });

    it('horseshoe gate concentrates usage on the three active experts', () => {
        const top3 = result.sortedUsage.slice(0, 3).reduce((a, b) => a + b, 0);
        expect(top3).toBeGreaterThanOrEqual(0.85);
        expect(result.effectiveExperts).toBeLessThanOrEqual(6);
        for (const truth of TRUE_ACTIVE) {
            const best = Math.min(...result.experts.map((e) => Math.max(...e.coefficients.map((c, j) => Math.abs(c - truth[j])))));
            expect(best).toBeLessThan(0.5);
        }
        const usageSum = result.experts.reduce((a, e) => a + e.usage, 0);
        expect(usageSum).toBeCloseTo(1, 10);
        expect(Math.min(...result.diagnostics.ess)).toBeGreaterThan(0.02 * 500);
    });

    /**
     * The ablation of method.md §4.3 (third row): the stick intercepts outside the horseshoe with
     * the Dirichlet(1)-matched normal prior of §1.4 option 2 spread usage over more experts. The
     * prototype's top-3 usage was 0.97-0.99 with the horseshoe on every coordinate and at most
     * 0.77 for this variant; the test asks for a gap of at least half of that smallest difference
     * (0.1), more experts above 1%, and a lower log marginal likelihood (the prototype's -667..-702
     * against -727..-762). The plain normal(0, 1) gate prior is not asserted here: over the four
     * §4.2 replicates (scripts/experiments/pl-sparsity.ts) it was not measurably less sparse.
     */
    it('with the intercepts outside the horseshoe (Dirichlet-matched prior) usage is measurably less sparse', () => {
        const ablation = runParticleLearning(
            plPlan({ particles: 500, seed: 7919, gatePrior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: false } }),
            train, undefined, {}
        );
        const top3 = (r: ParticleLearningResult) => r.sortedUsage.slice(0, 3).reduce((a, b) => a + b, 0);
        expect(top3(result) - top3(ablation)).toBeGreaterThanOrEqual(0.1);
        expect(ablation.effectiveExperts).toBeGreaterThan(result.effectiveExperts);
        expect(ablation.logMarginalLikelihood).toBeLessThan(result.logMarginalLikelihood);
    });
});
