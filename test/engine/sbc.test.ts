/**
 * Simulation-based calibration of the particle filter (Talts et al. 2018). With the model's
 * own priors generating the data, the rank of each true quantity among posterior draws is
 * uniform; a chi-square test per quantity at 0.01 / (number of quantities) then fails for a
 * correct filter with probability at most 1% per configuration (Bonferroni). The same
 * replicates fitted with a wrong noise prior (a posterior that is not the data's) must fail.
 * Also: the pieces against closed forms (prior moments, the binomial band, the chi-square p).
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import type { ExecutionPlan } from '../../packages/engine/src/plan/types.js';
import { Rng } from '../../packages/engine/src/random/rng.js';
import {
    binRanks,
    binomialBand,
    drawParameters,
    quantityNames,
    rankOf,
    runReplicate,
    summarizeCalibration,
    uniformityTest
} from '../../packages/engine/src/sbc/index.js';
import { csvPlan } from './plan/plans.js';

function design(n: number, seed: number): Dataset {
    const rng = new Rng(seed, 'sbc design');
    const X = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = rng.normal();
    }
    return {
        name: 'train',
        n,
        d: 2,
        X,
        y: new Float64Array(n),
        columns: ['(intercept)', 'x1'],
        lines: new Int32Array(0),
        source: {
            kind: 'csv',
            path: '/none.csv',
            target: 'y',
            inputs: ['x1'],
            intercept: true,
            standardize: false,
            standardizeTarget: false
        },
        firstRow: 0
    };
}

function sbcPlan(K: number, particles: number, seed: number): ExecutionPlan {
    const base = csvPlan('/none.csv', { train: [0, 30], test: [30, 40] }, ['x1']);
    return {
        ...base,
        experts: {
            family: 'gaussian',
            count: K,
            dimension: 2,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0], scale: 1, shape: 3, rate: 2 }
        },
        gate: { type: 'stick-breaking', prior: { kind: 'normal', mean: 0, variance: 1 } },
        inference: {
            ...base.inference,
            particles,
            chains: 2,
            rejuvenateEvery: 5,
            rejuvenateSchedule: 'every',
            sweepEvery: 1,
            seed
        } as ExecutionPlan['inference']
    };
}

const DRAWS = 19;
const BINS = 10;

function calibrate(plan: ExecutionPlan, replicates: number, fitted: ExecutionPlan = plan) {
    const data = design(30, 5);
    const outcomes = Array.from({ length: replicates }, (_, r) => runReplicate(plan, data, r, DRAWS, {}, fitted));
    return summarizeCalibration(quantityNames(plan.experts.count, data.columns), outcomes, DRAWS, BINS);
}

describe('calibration pieces', () => {
    it('prior draws have the NIG prior moments (E s2 = b/(a-1), Var beta = E s2 * scale)', () => {
        const plan = sbcPlan(1, 10, 1);
        const rng = new Rng(3, 'moments');
        const R = 20000;
        let s2 = 0;
        let b2 = 0;
        for (let r = 0; r < R; r++) {
            const t = drawParameters(plan, 2, true, rng);
            s2 += t.sigma2[0];
            b2 += t.beta[1] ** 2;
        }
        // E s2 = 2 / (3 - 1) = 1; Var s2 = b^2 / ((a-1)^2 (a-2)) = 1, so the MC s.e. is 1 / sqrt(R).
        expect(Math.abs(s2 / R - 1)).toBeLessThan(5 / Math.sqrt(R));
        // E beta^2 = E s2 * scale = 1; Var(beta^2) is infinite-tailed only for a <= 2, here a = 3:
        // a loose 6% bound (about 5 s.e. of a Student-t(6) second moment over 20,000 draws).
        expect(Math.abs(b2 / R - 1)).toBeLessThan(0.06);
    });

    it('ranks, bins, the chi-square p-value and the binomial band', () => {
        const rng = new Rng(1, 'ranks');
        expect(rankOf(0.5, [0.1, 0.9, 0.3], rng)).toBe(2);
        expect(binRanks([0, 1, 19, 10], 19, 10)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
        expect(() => binRanks([0], 19, 7)).toThrow(/do not divide/);
        // chi-square(9) upper 5% point is 16.919.
        expect(uniformityTest('q', [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]).pValue).toBeCloseTo(1, 12);
        const h = uniformityTest('q', [30, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
        expect(h.chiSquare).toBeCloseTo((18 ** 2 + 9 * 2 ** 2) / 12, 10);
        // Binomial(200, 0.1): P(X <= 9) < 0.005 <= P(X <= 10) and the upper point 32 by the same rule.
        expect(binomialBand(200, 10)).toEqual({ low: 10, high: 32 });
    });
});

describe('simulation-based calibration of the filter', () => {
    it('one expert: every quantity passes its uniformity test', () => {
        const summary = calibrate(sbcPlan(1, 200, 11), 100);
        expect(summary.histograms).toHaveLength(4);
        expect(summary.failing).toEqual([]);
    }, 120_000);

    it('two experts with a normal gate prior: every quantity passes', () => {
        const summary = calibrate(sbcPlan(2, 300, 12), 100);
        expect(summary.histograms.map(h => h.quantity)).toContain('stick 1 x1');
        expect(summary.failing).toEqual([]);
    }, 240_000);

    it("a posterior that is not the model's (noise prior rate 4x too large) fails", () => {
        const plan = sbcPlan(1, 200, 13);
        const wrong = structuredClone(plan);
        if (wrong.experts.prior.kind !== 'normal-inverse-gamma') throw new Error('expected an NIG prior');
        wrong.experts.prior.rate = 8;
        const summary = calibrate(plan, 100, wrong);
        expect(summary.failing).toContain('expert 1 noise variance');
    }, 120_000);
});
