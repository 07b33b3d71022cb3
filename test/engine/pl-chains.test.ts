import { describe, expect, it } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { matchLabels } from '../../packages/engine/src/pl/label-matching.js';
import { chainAgreement, RHAT_THRESHOLD } from '../../packages/engine/src/pl/chain-agreement.js';
import { logMeanZStandardError } from '../../packages/engine/src/pl/pool-chains.js';
import { chainSeed } from '../../packages/engine/src/pl/chain.js';
import type { PlExpertSummary } from '../../packages/engine/src/result/types.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

/** An expert summary with the given usage and coefficients, and intervals of half-width `half`. */
function expert(
    index: number,
    usage: number,
    coefficients: number[],
    half = 0.1,
    usageHalf = 0.01,
    noiseVariance = 0.25
): PlExpertSummary {
    return {
        index,
        usage,
        usageInterval: { lower: usage - usageHalf, upper: usage + usageHalf },
        coefficients,
        coefficientIntervals: coefficients.map(c => ({ lower: c - half, upper: c + half })),
        noiseVariance
    };
}

const reference = [expert(0, 0.5, [2, 1]), expert(1, 0.3, [-2, 0]), expert(2, 0.2, [0, -1]), expert(3, 0.0, [0, 0], 5)];

describe('label matching across filters', () => {
    it('recovers the permutation that relabelled the experts', () => {
        const order = [2, 0, 3, 1];
        // other[l] is reference[order[l]], with small perturbations: reference label order[l] must get l.
        const other = order.map((k, l) =>
            expert(
                l,
                reference[k].usage + 0.004,
                reference[k].coefficients.map(c => c + 0.02),
                0.1,
                0.01
            )
        );
        const permutation = matchLabels(reference, other);
        for (let l = 0; l < 4; l++) expect(permutation[order[l]]).toBe(l);
    });
});

describe('agreement of filters', () => {
    it('finds nothing when the filters give the same experts', () => {
        const a = chainAgreement([reference, reference, reference], reference);
        expect(a.messages).toEqual([]);
        expect(a.maxUsageRhat).toBe(1);
        expect(a.sameExperts).toBe(true);
    });

    it('flags usage that differs beyond its posterior spread, and an expert used by one filter only', () => {
        const shifted = [
            expert(0, 0.42, [2, 1]),
            expert(1, 0.3, [-2, 0]),
            expert(2, 0.2, [0, -1]),
            expert(3, 0.08, [1, 1], 0.2)
        ];
        const a = chainAgreement([reference, shifted], reference);
        expect(a.usageRhat[0]).toBeGreaterThan(RHAT_THRESHOLD);
        expect(a.sameExperts).toBe(false);
        expect(a.messages.some(m => m.includes('whether expert 4 is used'))).toBe(true);
        expect(a.messages.some(m => m.includes('usage of expert 1 beyond Monte Carlo error'))).toBe(true);
    });

    it('warns of one expert split over two labels, but not of distinct or barely used experts', () => {
        const split = [
            expert(0, 0.25, [2, 1]),
            expert(1, 0.3, [-2, 0]),
            expert(2, 0.2, [0, -1]),
            expert(3, 0.25, [2.05, 0.98])
        ];
        const a = chainAgreement([split], split);
        expect(a.splits).toEqual([
            { chain: 0, experts: [0, 3], usage: 0.5 },
            { chain: -1, experts: [0, 3], usage: 0.5 }
        ]);
        const vague = [...reference.slice(0, 3), expert(3, 0.03, [2, 1], 5)];
        expect(chainAgreement([vague], vague).splits).toEqual([]);
    });
});

describe('pooled evidence', () => {
    it('gives the delta-method standard error of log mean Z', () => {
        const logZ = [-10, -10.5, -9.7, -11];
        const z = logZ.map(Math.exp);
        const mean = z.reduce((a, b) => a + b, 0) / 4;
        const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
        expect(logMeanZStandardError(logZ)).toBeCloseTo(sd / (2 * mean), 12);
        expect(logMeanZStandardError([-3])).toBeNull();
    });

    it('runs filter 0 with the plan seed, the others with their own, and pools their evidence', () => {
        const train = hsmoeSyn10x3(80, 3);
        const one = runParticleLearning(plPlan({ particles: 60, seed: 11, chains: 1 }), train, undefined, {});
        const three = runParticleLearning(plPlan({ particles: 60, seed: 11, chains: 3 }), train, undefined, {});
        expect(three.chains.map(c => c.seed)).toEqual([11, chainSeed(11, 1), chainSeed(11, 2)]);
        expect(new Set(three.chains.map(c => c.seed)).size).toBe(3);
        expect(three.chains[0].logMarginalLikelihood).toBe(one.logMarginalLikelihood);
        const logZ = three.chains.map(c => c.logMarginalLikelihood);
        const max = Math.max(...logZ);
        expect(three.logMarginalLikelihood).toBeCloseTo(
            max + Math.log(logZ.reduce((a, l) => a + Math.exp(l - max), 0) / 3),
            10
        );
        expect(three.chains.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 12);
        // The increments of the pooled evidence add up to it.
        expect(three.diagnostics.logEvidenceIncrements.reduce((a, b) => a + b, 0)).toBeCloseTo(
            three.logMarginalLikelihood,
            8
        );
        // Pooled usage is the weighted mean of the filters' label-matched usage.
        for (let k = 0; k < 10; k++) {
            const pooled = three.chains.reduce((a, c) => a + c.weight * c.experts[k].usage, 0);
            expect(three.experts[k].usage).toBeCloseTo(pooled, 10);
        }
    });
});

describe('label-invariant usage', () => {
    it("sorts each particle's usage before averaging, so label switching between particles keeps one expert whole", async () => {
        const { particleSortedUsage } = await import('../../packages/engine/src/pl/summaries.js');
        const { particleLayout } = await import('../../packages/engine/src/pl/particle-layout.js');
        const layout = particleLayout(3, 1, 'gaussian', 0, false);
        const state = new Float64Array(2 * layout.stride);
        // Particle 0 holds the data of a 60% expert under label 1, particle 1 under label 2.
        [60, 30, 10].forEach((u, k) => {
            state[layout.usageOff + k] = u;
        });
        [30, 60, 10].forEach((u, k) => {
            state[layout.stride + layout.usageOff + k] = u;
        });
        const population = {
            N: 2,
            K: 3,
            d: 1,
            layout,
            state,
            W: Float64Array.of(0.5, 0.5),
            priorShape: 2,
            hasHorseshoe: false,
            stickPrecision: () => 1
        };
        expect(particleSortedUsage(population, 100)).toEqual([0.6, 0.3, 0.1]);
    });
});

describe('bounded memory', () => {
    it('refuses, before allocating, filters whose particles would not fit, naming the field', () => {
        const train = hsmoeSyn10x3(50, 3);
        expect(() => runParticleLearning(plPlan({ particles: 2_000_000, chains: 64 }), train, undefined, {})).toThrow(
            /64 filters of 2000000 particles need about [0-9.]+ GiB .* the limit is 8\.0 GiB/
        );
    });
});
