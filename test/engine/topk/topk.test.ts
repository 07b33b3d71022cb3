/**
 * The top-k routed softmax MoE: its likelihood against a direct computation (k = K is the dense
 * MoE, k = 1 the single argmax expert), the gate gradient against central finite differences,
 * the fit's objective never decreasing, and mixture quantiles against the normal quantile.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { topKLogLikelihood, type TopKParams } from '../../../packages/engine/src/topk/model.js';
import {
    eStep,
    fitTopK,
    gateGradient,
    gateTerm,
    penalisedObjective,
    TOPK_DEFAULTS
} from '../../../packages/engine/src/topk/fit-topk.js';
import { mixtureQuantile, scoreTopK } from '../../../packages/engine/src/topk/predict-topk.js';
import { normalQuantile } from '../../../packages/engine/src/special/normal.js';

function randomProblem(seed: number, n: number, K: number, d: number) {
    const rng = new Rng(seed, 'topk-test');
    const X = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        X[i * d] = 1;
        for (let j = 1; j < d; j++) X[i * d + j] = rng.normal();
        // Two regimes split by the sign of x1, each its own line, plus noise.
        y[i] = X[i * d + 1]! > 0 ? 2 + X[i * d + 1]! : -1 - 2 * X[i * d + 1]!;
        y[i]! += 0.3 * rng.normal();
    }
    const p: TopKParams = { K, d, W: new Float64Array(K * d), B: new Float64Array(K * d), s2: new Float64Array(K) };
    for (let q = 0; q < K * d; q++) {
        p.W[q] = rng.normal();
        p.B[q] = rng.normal();
    }
    for (let j = 0; j < K; j++) p.s2[j] = 0.5 + rng.uniform();
    return { X, y, p };
}

const normalLogPdf = (y: number, m: number, s2: number) => -0.5 * Math.log(2 * Math.PI * s2) - (y - m) ** 2 / (2 * s2);

describe('top-k MoE likelihood', () => {
    const { X, y, p } = randomProblem(1, 40, 4, 3);
    const lin = (A: Float64Array, j: number, i: number) =>
        A[j * 3]! * X[i * 3]! + A[j * 3 + 1]! * X[i * 3 + 1]! + A[j * 3 + 2]! * X[i * 3 + 2]!;

    it('k = K is the dense softmax MoE', () => {
        let direct = 0;
        for (let i = 0; i < 40; i++) {
            const logits = [0, 1, 2, 3].map(j => lin(p.W, j, i));
            const z = logits.reduce((a, l) => a + Math.exp(l), 0);
            direct += Math.log(
                [0, 1, 2, 3].reduce(
                    (a, j) => a + (Math.exp(logits[j]!) / z) * Math.exp(normalLogPdf(y[i]!, lin(p.B, j, i), p.s2[j]!)),
                    0
                )
            );
        }
        expect(topKLogLikelihood(p, 4, X, y)).toBeCloseTo(direct, 9);
    });

    it('k = 1 is the argmax expert alone', () => {
        let direct = 0;
        for (let i = 0; i < 40; i++) {
            const logits = [0, 1, 2, 3].map(j => lin(p.W, j, i));
            const j = logits.indexOf(Math.max(...logits));
            direct += normalLogPdf(y[i]!, lin(p.B, j, i), p.s2[j]!);
        }
        expect(topKLogLikelihood(p, 1, X, y)).toBeCloseTo(direct, 9);
    });
});

describe('top-k MoE fit', () => {
    it('gate gradient matches central finite differences of the gate term', () => {
        const { X, y, p } = randomProblem(2, 30, 4, 3);
        for (const k of [1, 2, 4]) {
            const e = eStep(p, k, X, y);
            const grad = gateGradient(p, k, X, y, 0.1, e.responsibilities, e.routed);
            const h = 1e-6;
            for (let q = 0; q < p.W.length; q++) {
                const plus = { ...p, W: p.W.slice() };
                const minus = { ...p, W: p.W.slice() };
                plus.W[q]! += h;
                minus.W[q]! -= h;
                const fd =
                    (gateTerm(plus, k, X, 30, 0.1, e.responsibilities, e.routed) -
                        gateTerm(minus, k, X, 30, 0.1, e.responsibilities, e.routed)) /
                    (2 * h);
                expect(Math.abs(fd - grad[q]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
            }
        }
    });

    it('the objective never decreases (4 seeds, k = 1, 2)', () => {
        for (let seed = 0; seed < 4; seed++) {
            const { X, y } = randomProblem(10 + seed, 150, 4, 3);
            for (const k of [1, 2]) {
                const fit = fitTopK(X, y, 3, { ...TOPK_DEFAULTS, k, K: 4, seed, maxIterations: 60 });
                for (let t = 1; t < fit.objective.length; t++)
                    expect(fit.objective[t]!).toBeGreaterThanOrEqual(fit.objective[t - 1]!);
                expect(fit.objective.at(-1)!).toBeGreaterThan(fit.objective[0]!);
            }
        }
    });

    it('a top-k stage from a dense fit starts at its top-k objective and never decreases', () => {
        const { X, y } = randomProblem(20, 150, 4, 3);
        const dense = fitTopK(X, y, 3, { ...TOPK_DEFAULTS, k: 4, K: 4, seed: 1, maxIterations: 40 });
        const top1 = fitTopK(X, y, 3, { ...TOPK_DEFAULTS, k: 1, K: 4, seed: 1, maxIterations: 40 }, dense.params);
        expect(top1.objective[0]).toBe(penalisedObjective(dense.params, 1, X, y, TOPK_DEFAULTS.ridge));
        for (let t = 1; t < top1.objective.length; t++)
            expect(top1.objective[t]!).toBeGreaterThanOrEqual(top1.objective[t - 1]!);
    });

    it('refuses k outside 1..K', () => {
        const { X, y } = randomProblem(3, 20, 2, 3);
        expect(() => fitTopK(X, y, 3, { ...TOPK_DEFAULTS, k: 3, K: 2, seed: 1 })).toThrow(/1 <= k <= K/);
    });
});

describe('top-k MoE predictive', () => {
    it('one component: quantiles are the normal quantiles', () => {
        const q = mixtureQuantile(0.95, Float64Array.of(1), Float64Array.of(2), Float64Array.of(3), 1);
        expect(q).toBeCloseTo(2 + 3 * normalQuantile(0.95), 9);
    });

    it('scores: usage sums to one, coverage of a known model near nominal', () => {
        const { X, y, p } = randomProblem(4, 400, 3, 3);
        const s = scoreTopK(p, 2, X, y, [0.5, 0.9]);
        expect(s.usage.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(s.meanLogPredictiveDensity * 400).toBeCloseTo(topKLogLikelihood(p, 2, X, y), 8);
    });
});
