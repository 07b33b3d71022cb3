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
        expect(result.effectiveExperts.aboveOnePercent).toBeLessThanOrEqual(6);
        for (const truth of TRUE_ACTIVE) {
            const best = Math.min(...result.experts.map((e) => Math.max(...e.coefficients.map((c, j) => Math.abs(c - truth[j])))));
            expect(best).toBeLessThan(0.5);
        }
        const usageSum = result.experts.reduce((a, e) => a + e.usage, 0);
        expect(usageSum).toBeCloseTo(1, 10);
        expect(Math.min(...result.diagnostics.ess)).toBeGreaterThan(0.02 * 500);
    });

    // No one-seed test of the ablations: over the four §4.2 replicates (scripts/experiments/pl-sparsity.ts,
    // N = 500 and 1000) normal(0, 1) on every stick coefficient is not less sparse than the horseshoe
    // (stick-breaking with centred logits already favours the first sticks, method.md §1.3), and the
    // Dirichlet(1)-matched intercepts (§1.4 option 2) are less sparse only on average: the spread of
    // top-3 usage between replicates of one prior (0.81-1.00) exceeds the gap between the priors
    // (about 0.07), and log Z orders them either way. A single seed cannot show the contrast soundly.
});
