import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { nigLogEvidence } from '../../packages/engine/src/experts/nig-batch.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import type { NigPrior } from '../../packages/engine/src/plan/types.js';
import { CancelledError } from '../../packages/engine/src/errors.js';
import { hsmoeSyn10x3, linearRegressionData, plPlan } from './helpers/pl-fixtures.js';

describe('particle learning filter', () => {
    it('with one expert is exact: log Z equals the closed-form NIG evidence within 1e-8 relative (docs/method.md §2.9 oracle 1)', () => {
        const train = linearRegressionData(300, 5, [0.5, 1.5, -0.5], 0.8);
        const plan = plPlan({ K: 1, d: 3, particles: 50, essThreshold: 0.5 });
        if (plan.experts.family !== 'gaussian') throw new Error('gaussian');
        const prior: NigPrior = { ...plan.experts.prior, mean: [0.2, 0, -0.1], scale: 4, shape: 3, rate: 2 };
        plan.experts.prior = prior;
        const result = runParticleLearning(plan, train, undefined, {});
        const exact = nigLogEvidence(train.X, train.y, train.n, train.d, prior);
        expect(Math.abs(result.logMarginalLikelihood - exact) / Math.abs(exact)).toBeLessThan(1e-8);
        // All particles identical, so the ESS stays at N and no resampling happens.
        expect([...result.diagnostics.ess.min, ...result.diagnostics.ess.max].every(e => Math.abs(e - 50) < 1e-9)).toBe(
            true
        );
        expect(result.experts[0].usage).toBeCloseTo(1, 12);
    });

    it('is deterministic: same seed gives identical results, different seeds differ', () => {
        const train = hsmoeSyn10x3(60, 1);
        const test = hsmoeSyn10x3(20, 2, 'test');
        const strip = (r: ReturnType<typeof runParticleLearning>) => JSON.stringify({ ...r, timing: undefined });
        const a = runParticleLearning(plPlan({ particles: 100, seed: 3 }), train, test, {});
        const b = runParticleLearning(plPlan({ particles: 100, seed: 3 }), train, test, {});
        const c = runParticleLearning(plPlan({ particles: 100, seed: 4 }), train, test, {});
        expect(strip(a)).toBe(strip(b));
        expect(a.logMarginalLikelihood).not.toBe(c.logMarginalLikelihood);
    });

    it('reports progress and stops with CancelledError when asked', () => {
        const train = hsmoeSyn10x3(100, 1);
        const seen: number[] = [];
        const result = runParticleLearning(plPlan({ particles: 50 }), train, undefined, {
            progressIntervalMs: 0,
            onProgress: p => seen.push(p.observationsDone)
        });
        expect(seen.length).toBeGreaterThan(1);
        expect(seen[seen.length - 1]).toBe(100);
        expect(result.diagnostics.ess.min).toHaveLength(100);
        let calls = 0;
        expect(() =>
            runParticleLearning(plPlan({ particles: 50 }), train, undefined, {
                progressIntervalMs: 0,
                shouldStop: () => ++calls > 2
            })
        ).toThrow(CancelledError);
    });
});

describe('particle learning options', () => {
    it('runs every resampling scheme adaptively (ESS < 0.5 N) and the normal gate prior', () => {
        const train = hsmoeSyn10x3(80, 3);
        for (const resampling of ['multinomial', 'systematic', 'stratified', 'residual'] as const) {
            const r = runParticleLearning(
                plPlan({ particles: 60, resampling, essThreshold: 0.5, sweepEvery: 5 }),
                train,
                undefined,
                {}
            );
            expect(Number.isFinite(r.logMarginalLikelihood)).toBe(true);
            // Adaptive: resampled only where the ESS fell below the threshold.
            // (80 observations: one bin each.)
            expect(r.diagnostics.binWidth).toBe(1);
            r.diagnostics.resamplings.forEach((c, t) => {
                if (c > 0) expect(r.diagnostics.ess.min[t]).toBeLessThan(30);
            });
            expect(r.diagnostics.resamplings.reduce((a, c) => a + c, 0)).toBeLessThan(80);
        }
        const normal = runParticleLearning(
            plPlan({ particles: 60, gatePrior: { kind: 'normal', mean: 0, variance: 1 } }),
            train,
            undefined,
            {}
        );
        expect(normal.gate.globalScale).toBeUndefined();
        expect(normal.gate.shrinkage[0][0]).toBeCloseTo(0.5, 12);
        const free = runParticleLearning(
            plPlan({
                particles: 60,
                gatePrior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: false }
            }),
            train,
            undefined,
            {}
        );
        expect(Number.isFinite(free.logMarginalLikelihood)).toBe(true);
    });

    it('fits Bernoulli experts through Polya-Gamma augmentation', () => {
        // Two regimes of a logistic model split by the sign of x1; a K = 2 mixture of logistic
        // experts must predict held-out labels better than the base rate.
        const make = (n: number, seed: number, name: string): Dataset => {
            const rng = Rng.stream(seed, 'data');
            const X = new Float64Array(n * 2);
            const y = new Float64Array(n);
            for (let t = 0; t < n; t++) {
                const x = rng.normal();
                X[t * 2] = 1;
                X[t * 2 + 1] = x;
                const eta = x > 0 ? 3 * x : -1 - 2 * x;
                y[t] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
            }
            return {
                name,
                n,
                d: 2,
                X,
                y,
                columns: ['(intercept)', 'x1'],
                lines: new Int32Array(0),
                source: plPlan().data.train.source,
                firstRow: 0
            };
        };
        const train = make(300, 1, 'train');
        const test = make(500, 2, 'test');
        const plan = plPlan({ K: 2, d: 2, particles: 200 });
        plan.experts = {
            family: 'bernoulli',
            count: 2,
            dimension: 2,
            prior: { kind: 'normal', mean: [0, 0], variance: 10 }
        };
        const r = runParticleLearning(plan, train, test, {});
        let ones = 0;
        for (const v of test.y) ones += v;
        const p = ones / test.n;
        const baseRate = ones * Math.log(p) + (test.n - ones) * Math.log(1 - p);
        expect(r.predictive!.logPredictiveDensity).toBeGreaterThan(baseRate + 20);
        expect(r.experts[0].noiseVariance).toBeUndefined();
        const bad = make(10, 3, 'bad');
        bad.y[4] = 0.5;
        expect(() => runParticleLearning(plan, bad, undefined, {})).toThrow(/0\/1 target/);
    });
});
