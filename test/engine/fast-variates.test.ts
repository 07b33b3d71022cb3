import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { FastVariates } from '../../packages/engine/src/pl/fast-variates.js';
import { normalCdf } from '../../packages/engine/src/special/normal.js';

/**
 * Ziggurat normal and exponential draws against their exact CDFs at a grid of points, tails
 * included: each empirical probability is binomial, within 5 standard errors sqrt(p(1-p)/M);
 * sample mean and variance within 5 standard errors as well.
 */
const M = 400000;

function checkCdf(draws: Float64Array, cdf: (x: number) => number, points: number[]): void {
    const sorted = Float64Array.from(draws).sort();
    for (const x of points) {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        const p = cdf(x);
        const frac = lo / sorted.length;
        expect(Math.abs(frac - p), `P(X <= ${x})`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / sorted.length) + 1e-9);
    }
}

describe('fast variates (ziggurat)', () => {
    it('normal draws follow N(0, 1), tails beyond r = 3.44 included', () => {
        const fv = new FastVariates(Rng.stream(1, 'zig'));
        const draws = new Float64Array(M);
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < M; i++) {
            const x = fv.normal();
            draws[i] = x;
            s += x;
            s2 += x * x;
        }
        const mean = s / M;
        expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(M));
        expect(Math.abs(s2 / M - 1)).toBeLessThan(5 * Math.sqrt(2 / M));
        checkCdf(draws, normalCdf, [-4, -3.5, -3, -2, -1, -0.3, 0, 0.5, 1.5, 2.5, 3.44, 4]);
    });

    it('exponential draws follow Exp(1), tail beyond 7.7 included', () => {
        const fv = new FastVariates(Rng.stream(2, 'zig'));
        const draws = new Float64Array(M);
        let s = 0;
        for (let i = 0; i < M; i++) {
            const x = fv.exponential();
            draws[i] = x;
            s += x;
        }
        expect(Math.abs(s / M - 1)).toBeLessThan(5 / Math.sqrt(M));
        checkCdf(draws, x => 1 - Math.exp(-x), [0.01, 0.1, 0.5, 1, 2, 4, 7, 7.7, 9]);
    });

    it('batch-filled normals and exponentials follow the same laws', () => {
        const fv = new FastVariates(Rng.stream(4, 'zig'));
        const normals = new Float64Array(M);
        const exps = new Float64Array(M);
        // Odd batch sizes so batches end in every position.
        for (let i = 0; i < M; i += 7) fv.fillNormal(normals, i, Math.min(7, M - i));
        for (let i = 0; i < M; i += 13) fv.fillExponential(exps, i, Math.min(13, M - i));
        checkCdf(normals, normalCdf, [-4, -3.44, -2, -1, 0, 1, 2, 3.44, 4]);
        checkCdf(exps, x => 1 - Math.exp(-x), [0.01, 0.5, 1, 3, 7.7, 9]);
    });

    it('gamma draws have mean and variance equal to the shape', () => {
        const fv = new FastVariates(Rng.stream(3, 'zig'));
        for (const shape of [0.5, 1, 3.5, 27.5]) {
            const n = 100000;
            let s = 0;
            let s2 = 0;
            for (let i = 0; i < n; i++) {
                const g = fv.gamma(shape);
                s += g;
                s2 += g * g;
            }
            const mean = s / n;
            const variance = s2 / n - mean * mean;
            expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
            // Var of the sample variance ~ (mu4 - sigma^4)/n with mu4 = 3k^2 + 6k for Gamma(k).
            expect(Math.abs(variance - shape)).toBeLessThan(
                5 * Math.sqrt((3 * shape * shape + 6 * shape - shape * shape) / n)
            );
        }
    });

    it('is reproducible from its seed stream', () => {
        const a = new FastVariates(Rng.stream(9, 'x'));
        const b = new FastVariates(Rng.stream(9, 'x'));
        const c = new FastVariates(Rng.stream(10, 'x'));
        const xa = Array.from({ length: 10 }, () => a.normal());
        expect(Array.from({ length: 10 }, () => b.normal())).toEqual(xa);
        expect(Array.from({ length: 10 }, () => c.normal())).not.toEqual(xa);
    });
});
