import { beforeAll, describe, expect, it } from 'vitest';
import type { ParticleLearningResult } from '../../packages/engine/src/result/types.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

/**
 * HSMOE-SYN-10x3 (docs/method.md §4.2) with the horseshoe gate: the posterior puts its usage on the
 * three active experts. A fit "finds them" when its three most used experts carry at least 90%
 * of the usage and each true active expert has a label whose coefficients are within 0.5
 * (max-abs) of its own.
 *
 * Sized for the test budget: one data set (seed 20260114, the flagship example's), the flagship's
 * method at reduced size (4 filters of 200 particles, moves after 10, 20, 40, ... observations).
 * A single fit can still miss (particle learning's path degeneracy), so the claim is a rate, and
 * the test counts over seeds. Measured on seeds 1-20 (disjoint from the seeds below): 16 of 20
 * found them (the four misses had top-3 usage 0.83-0.88), p-hat = 0.80, 95% Clopper-Pearson
 * interval [0.60, 0.94]. Over the 8 seeds here at least 4 must (binomial): at p = 0.80 fewer
 * happen with probability 0.010 (0.175 at the interval's lower end, 0.60), while a filter whose
 * rate fell to 0.3 passes with probability 0.19, and one at 0.2 with 0.056.
 */
const TRUE_ACTIVE = [
    [2, 1, 0, -1, 0, 0],
    [-2, 0, 1, 0, -1, 0],
    [0, -1, -1, 0, 0, 1]
];
const SEEDS = [101, 102, 103, 104, 105, 106, 107, 108];
const REQUIRED = 4;

function findsActiveExperts(result: ParticleLearningResult): boolean {
    const top3 = result.sortedUsage.slice(0, 3).reduce((a, b) => a + b, 0);
    const matched = TRUE_ACTIVE.every(
        truth =>
            Math.min(...result.experts.map(e => Math.max(...e.coefficients.map((c, j) => Math.abs(c - truth[j]))))) <
            0.5
    );
    return top3 >= 0.9 && matched;
}

describe('HS-MoE sparsity on HSMOE-SYN-10x3', () => {
    const train = hsmoeSyn10x3(500, 20260114);
    let results: ParticleLearningResult[];
    beforeAll(() => {
        results = SEEDS.map(seed =>
            runParticleLearning(plPlan({ particles: 200, chains: 4, rejuvenateEvery: 10, seed }), train, undefined, {})
        );
    }, 600_000);

    it(`finds the three active experts in at least ${REQUIRED} of ${SEEDS.length} seeds`, () => {
        const found = results.filter(findsActiveExperts).length;
        expect(
            found,
            `found in ${found} of ${SEEDS.length}: top-3 usage ${results
                .map(r =>
                    r.sortedUsage
                        .slice(0, 3)
                        .reduce((a, b) => a + b, 0)
                        .toFixed(3)
                )
                .join(', ')}`
        ).toBeGreaterThanOrEqual(REQUIRED);
    });

    it('reports usage that sums to one, in every filter and pooled', () => {
        for (const r of results) {
            expect(r.experts.reduce((a, e) => a + e.usage, 0)).toBeCloseTo(1, 10);
            for (const c of r.chains) expect(c.experts.reduce((a, e) => a + e.usage, 0)).toBeCloseTo(1, 10);
        }
    });
});
