import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { effectiveSampleSize, normalizeLogWeights, resamplerFor } from '../../packages/engine/src/resampling/index.js';
import type { ResamplingScheme } from '../../packages/engine/src/plan/types.js';

const SCHEMES: ResamplingScheme[] = ['multinomial', 'systematic', 'stratified', 'residual'];

function testWeights(n: number): Float64Array {
    // Uneven weights with a few tiny and one dominant, normalised.
    const rng = Rng.stream(1, 'weights');
    const w = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
        w[i] = rng.exponential() ** 2 + (i === 3 ? 5 : 0) + (i % 7 === 0 ? 1e-6 : 0);
        s += w[i];
    }
    for (let i = 0; i < n; i++) w[i] /= s;
    return w;
}

describe('resampling schemes', () => {
    /**
     * Unbiasedness (docs/method.md §2.7): E[offspring_i] = N W_i. Over R independent resamplings the
     * mean offspring count has standard error sd_i/sqrt(R), sd_i estimated from the same runs;
     * each mean must be within 5 standard errors (+1e-12 for schemes whose count is deterministic).
     */
    for (const scheme of SCHEMES) {
        it(`${scheme} is unbiased: mean offspring = N W within 5 Monte Carlo standard errors`, () => {
            const N = 25;
            const R = 20000;
            const W = testWeights(N);
            const resample = resamplerFor(scheme);
            const rng = Rng.stream(99, scheme);
            const out = new Int32Array(N);
            const sum = new Float64Array(N);
            const sumSq = new Float64Array(N);
            const counts = new Int32Array(N);
            let outOfRange = 0;
            for (let r = 0; r < R; r++) {
                resample(W, N, rng, out);
                counts.fill(0);
                for (let i = 0; i < N; i++) {
                    if (!(out[i] >= 0 && out[i] < N)) outOfRange++;
                    else counts[out[i]]++;
                }
                for (let i = 0; i < N; i++) {
                    sum[i] += counts[i];
                    sumSq[i] += counts[i] * counts[i];
                }
            }
            expect(outOfRange).toBe(0);
            for (let i = 0; i < N; i++) {
                const mean = sum[i] / R;
                const sd = Math.sqrt((Math.max(sumSq[i] / R - mean * mean, 0) * R) / (R - 1));
                expect(Math.abs(mean - N * W[i]), `particle ${i}`).toBeLessThanOrEqual((5 * sd) / Math.sqrt(R) + 1e-12);
            }
        });
    }

    it('systematic and residual keep floor(N W_i) copies at least; systematic at most ceil', () => {
        const N = 25;
        const W = testWeights(N);
        const out = new Int32Array(N);
        for (const scheme of ['systematic', 'residual'] as const) {
            resamplerFor(scheme)(W, N, Rng.stream(5, 'x'), out);
            const counts = new Int32Array(N);
            for (const a of out) counts[a]++;
            for (let i = 0; i < N; i++) {
                expect(counts[i]).toBeGreaterThanOrEqual(Math.floor(N * W[i] + 1e-12));
                if (scheme === 'systematic') expect(counts[i]).toBeLessThanOrEqual(Math.ceil(N * W[i] - 1e-12));
            }
        }
    });

    it('normalises log weights and computes the ESS', () => {
        const lw = Float64Array.from([Math.log(1), Math.log(3), -Infinity, Math.log(4)]);
        const w = new Float64Array(4);
        const lse = normalizeLogWeights(lw, w);
        expect(lse).toBeCloseTo(Math.log(8), 14);
        // W_i = exp(log w_i - lse): within a few ulps of the exact fractions.
        [0.125, 0.375, 0, 0.5].forEach((x, i) =>
            expect(Math.abs(w[i] - x)).toBeLessThanOrEqual(4 * Number.EPSILON * x)
        );
        Array.from(w).forEach((x, i) => expect(x).toBe(Math.exp(lw[i])));
        expect(effectiveSampleSize(w)).toBeCloseTo(1 / (0.125 ** 2 + 0.375 ** 2 + 0.25), 12);
        const all = Float64Array.from([-Infinity, -Infinity]);
        expect(normalizeLogWeights(all, new Float64Array(2))).toBe(-Infinity);
        expect(Array.from(all)).toEqual([-Math.log(2), -Math.log(2)]);
    });
});
