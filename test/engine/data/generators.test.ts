/**
 * The synthetic generators against their truth. Tolerances are four Monte Carlo standard
 * errors (a false alarm about once in 16,000 checks), computed from the sample sizes used.
 */
import { describe, expect, it } from 'vitest';
import { sparseExpertsSource, type HierarchicalSource, type ShiftSource } from '@moe-studio/engine/plan';
import {
    generateSparseExperts,
    sparseExpertsGate,
    sparseExpertsTruth
} from '../../../packages/engine/src/data/generators/sparse-experts.js';
import {
    generateHierarchical,
    hierarchicalLeafProbabilities
} from '../../../packages/engine/src/data/generators/hierarchical.js';
import { generateShift } from '../../../packages/engine/src/data/generators/shift.js';
import { hmoeSource } from '../plan/plans.js';
import { ols, varianceStandardError } from './ols.js';

const Z = 4;

const hsmoeSource = (n: number, seed = 20260114) => sparseExpertsSource(n, seed);

describe('sparse-experts generator (docs/method.md §4.2)', () => {
    it('has the true parameters of HSMOE-SYN-10x3', () => {
        const truth = sparseExpertsTruth(hsmoeSource(10));
        const r3 = Math.sqrt(3);
        expect(truth.gateWeights[0]).toEqual([2, 0, 0, 0, 0]);
        expect(truth.gateWeights[1]![0]).toBeCloseTo(-1, 14);
        expect(truth.gateWeights[1]![1]).toBeCloseTo(r3, 14);
        expect(truth.gateWeights[2]![0]).toBeCloseTo(-1, 14);
        expect(truth.gateWeights[2]![1]).toBeCloseTo(-r3, 14);
        expect(truth.gateWeights.slice(1, 3).map(w => w.slice(2))).toEqual([
            [0, 0, 0],
            [0, 0, 0]
        ]);
        expect(truth.gateBias).toEqual([0, 0, 0, -3, -3, -3, -3, -3, -3, -3]);
        for (let k = 3; k < 10; k++) expect(truth.gateWeights[k]).toEqual([0, 0, 0, 0, 0]);
        expect(truth.experts.slice(0, 3).map(e => e.coefficients)).toEqual([
            [2, 1, 0, -1, 0, 0],
            [-2, 0, 1, 0, -1, 0],
            [0, -1, -1, 0, 0, 1]
        ]);
        expect(truth.experts.slice(3).map(e => e.coefficients)).toEqual(
            [-3, -2, -1, 0, 1, 2, 3].map(c => [c, 0, 0, 0, 0, 0])
        );
        expect(truth.experts.map(e => e.variance)).toEqual([0.25, 0.25, 0.25, 1, 1, 1, 1, 1, 1, 1]);
        expect(truth.temperature).toBe(0.7);
    });

    it('generalises the rule to other K, s and p', () => {
        const truth = sparseExpertsTruth({ ...hsmoeSource(10), experts: 6, active: 4, inputs: 3 });
        // Circle of radius 2 at angles 0, 90, 180, 270 degrees in the first two inputs.
        const weights = truth.gateWeights.map(w => w.map(v => Math.round(v * 1e9) / 1e9));
        expect(weights.slice(0, 4)).toEqual([
            [2, 0, 0],
            [0, 2, 0],
            [-2, 0, 0],
            [0, -2, 0]
        ]);
        // Table cut to p = 3 slopes; fourth active: intercept 1, +1 on x1 ((4-1) mod 3 = 0), -1 on x2.
        expect(truth.experts.slice(0, 4).map(e => e.coefficients)).toEqual([
            [2, 1, 0, -1],
            [-2, 0, 1, 0],
            [0, -1, -1, 0],
            [1, 1, -1, 0]
        ]);
        // Two inactive experts: intercepts centred on zero.
        expect(truth.experts.slice(4).map(e => e.coefficients[0])).toEqual([-0.5, 0.5]);
    });

    it('allocates to experts with the population frequencies of §4.2', () => {
        const n = 100_000;
        const sample = generateSparseExperts(hsmoeSource(n, 424242));
        const counts = new Array<number>(10).fill(0);
        for (const k of sample.z) counts[k]!++;
        // §4.2 quotes (0.330, 0.331, 0.331) and 0.0012 each for experts 4..10, from 200,000 draws,
        // rounded to 3 and 4 decimals: allow both samples' standard errors and the rounding.
        const quoted = [0.33, 0.331, 0.331, ...new Array<number>(7).fill(0.0012)];
        const rounding = [0.0005, 0.0005, 0.0005, ...new Array<number>(7).fill(0.00005)];
        quoted.forEach((f, k) => {
            const se = Math.sqrt((f * (1 - f)) / n + (f * (1 - f)) / 200_000);
            expect(Math.abs(counts[k]! / n - f)).toBeLessThan(Z * se + rounding[k]!);
        });
        // The draws follow the gate: empirical counts against the summed gate probabilities.
        const truth = sparseExpertsTruth(hsmoeSource(n));
        const expected = new Array<number>(10).fill(0);
        const probabilities = new Float64Array(10);
        for (let i = 0; i < n; i++) {
            sparseExpertsGate(truth, sample.x.subarray(i * 5, i * 5 + 5), probabilities);
            probabilities.forEach((q, k) => {
                expected[k]! += q;
            });
        }
        expected.forEach((e, k) => {
            const f = e / n;
            expect(Math.abs(counts[k]! - e)).toBeLessThan(Z * Math.sqrt(n * f * (1 - f)) + 1);
        });
    });

    it('draws inputs from N(0, I) and y from the allocated expert', () => {
        const n = 20_000;
        const source = hsmoeSource(n, 77);
        const sample = generateSparseExperts(source);
        for (let j = 0; j < 5; j++) {
            let sum = 0;
            let squares = 0;
            for (let i = 0; i < n; i++) {
                sum += sample.x[i * 5 + j]!;
                squares += sample.x[i * 5 + j]! ** 2;
            }
            expect(Math.abs(sum / n)).toBeLessThan(Z / Math.sqrt(n));
            expect(Math.abs(squares / n - 1)).toBeLessThan(Z * Math.sqrt(2 / n));
        }
        const truth = sparseExpertsTruth(source);
        for (let k = 0; k < 3; k++) {
            const fit = ols(sample.x, sample.y, 5, i => sample.z[i] === k);
            fit.coefficients.forEach((b, j) =>
                expect(Math.abs(b - truth.experts[k]!.coefficients[j]!)).toBeLessThan(Z * fit.standardErrors[j]!)
            );
            expect(Math.abs(fit.residualVariance - 0.25)).toBeLessThan(Z * varianceStandardError(0.25, fit.n));
        }
    });

    it('is reproducible from its seed, and a prefix of rows does not depend on n', () => {
        const a = generateSparseExperts(hsmoeSource(300, 5));
        const b = generateSparseExperts(hsmoeSource(300, 5));
        const c = generateSparseExperts(hsmoeSource(300, 6));
        const prefix = generateSparseExperts(hsmoeSource(300, 5), 100);
        expect(b.y).toEqual(a.y);
        expect(b.x).toEqual(a.x);
        expect(c.y).not.toEqual(a.y);
        expect(prefix.y).toEqual(a.y.slice(0, 100));
    });
});

describe('hierarchical generator (docs/method.md §5.1, §5.5)', () => {
    it('computes leaf probabilities by the softmax and Laplace gate formulas', () => {
        const x = [0.3, -0.2];
        const softmax = (s: number[]) => s.map(v => Math.exp(v) / s.reduce((a, u) => a + Math.exp(u), 0));
        const dist = (w: number[]) => Math.hypot(w[0]! - x[0]!, w[1]! - x[1]!);
        const dot = (w: number[]) => w[0]! * x[0]! + w[1]! * x[1]!;
        // Laplace outer: -||a - x||; softmax inner: w'x.
        const source = hmoeSource('laplace', 'softmax', 10, 1);
        const outer = softmax([-dist([1, 0.5]), -dist([-1, -0.5])]);
        const inner1 = softmax([dot([0.5, -1]), dot([-0.5, 1])]);
        const inner2 = softmax([dot([1, 1]), dot([-1, -1])]);
        const leaves = hierarchicalLeafProbabilities(source, x);
        const expected = [
            outer[0]! * inner1[0]!,
            outer[0]! * inner1[1]!,
            outer[1]! * inner2[0]!,
            outer[1]! * inner2[1]!
        ];
        expected.forEach((e, k) => expect(leaves[k]).toBeCloseTo(e, 14));
    });

    it.each([
        ['softmax', 'softmax'],
        ['softmax', 'laplace'],
        ['laplace', 'laplace'],
        ['laplace', 'softmax']
    ] as const)('%s-%s: allocations follow the gates and y the leaf expert', (outer, inner) => {
        const n = 24_000;
        const source: HierarchicalSource = hmoeSource(outer, inner, n, 1000);
        const sample = generateHierarchical(source);
        for (const v of sample.x) expect(v >= -1 && v <= 1).toBe(true);
        const counts = [0, 0, 0, 0];
        const expected = [0, 0, 0, 0];
        for (let i = 0; i < n; i++) {
            counts[sample.z[i]!]!++;
            hierarchicalLeafProbabilities(source, sample.x.subarray(2 * i, 2 * i + 2)).forEach((q, k) => {
                expected[k]! += q;
            });
        }
        expected.forEach((e, k) => {
            const f = e / n;
            expect(Math.abs(counts[k]! - e)).toBeLessThan(Z * Math.sqrt(n * f * (1 - f)));
        });
        const leaves = source.experts.flat();
        leaves.forEach((truth, k) => {
            const fit = ols(sample.x, sample.y, 2, i => sample.z[i] === k);
            fit.coefficients.forEach((b, j) =>
                expect(Math.abs(b - truth.coefficients[j]!)).toBeLessThan(Z * fit.standardErrors[j]!)
            );
            expect(Math.abs(fit.residualVariance - truth.variance)).toBeLessThan(
                Z * varianceStandardError(truth.variance, fit.n)
            );
        });
    });
});

describe('shift generator', () => {
    it("switches regime at shiftAt and follows each regime's regression", () => {
        const source: ShiftSource = {
            kind: 'shift',
            n: 6000,
            inputs: 2,
            shiftAt: 2500,
            before: { coefficients: [1, 2, 0], variance: 0.25 },
            after: { coefficients: [-1, 0, 3], variance: 1 },
            intercept: true,
            seed: 11
        };
        const sample = generateShift(source);
        expect(sample.z[2499]).toBe(0);
        expect(sample.z[2500]).toBe(1);
        for (const [regime, keep] of [
            [source.before, (i: number) => i < 2500],
            [source.after, (i: number) => i >= 2500]
        ] as const) {
            const fit = ols(sample.x, sample.y, 2, keep);
            fit.coefficients.forEach((b, j) =>
                expect(Math.abs(b - regime.coefficients[j]!)).toBeLessThan(Z * fit.standardErrors[j]!)
            );
            expect(Math.abs(fit.residualVariance - regime.variance)).toBeLessThan(
                Z * varianceStandardError(regime.variance, fit.n)
            );
        }
    });
});
