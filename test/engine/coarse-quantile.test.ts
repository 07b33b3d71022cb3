import { describe, expect, it } from 'vitest';
import { StudentTMixture } from '../../packages/engine/src/predictive/student-t-mixture.js';
import { quantile, type UnivariatePredictive } from '../../packages/engine/src/predictive/mixture.js';
import { Rng } from '../../packages/engine/src/random/rng.js';

/**
 * The coarse mixture only moves the root-finder's start (predictive/coarse-quantile.ts): the end
 * points must be those found from the moment-matched normal start, to the tolerance (1e-10 sd)
 * each meets, and on a mixture whose normal start is poor (three separated clusters of t
 * components, like a held-out predictive's experts) they must take fewer CDF evaluations.
 */
describe('quantiles started from the coarse mixture', () => {
    const rng = Rng.stream(11, 'coarse-quantile');
    const n = 600;
    const centres = [-6, 0.5, 4];
    const w = Float64Array.from({ length: n }, () => 0.5 + rng.uniform());
    const mu = Float64Array.from({ length: n }, (_, c) => centres[c % 3] + 0.3 * rng.normal());
    const s2 = Float64Array.from({ length: n }, () => 0.2 + 0.5 * rng.uniform());
    const nu = Float64Array.from({ length: n }, (_, c) => (c % 7 === 0 ? 2.5 : 20 + Math.floor(200 * rng.uniform())));
    const mix = new StudentTMixture(w, mu, s2, nu);

    /** The same distribution without `quantileStart`, counting CDF passes. */
    const counted = (withStart: boolean) => {
        const calls = { n: 0 };
        const dist: UnivariatePredictive = {
            mean: mix.mean,
            variance: mix.variance,
            cdf: y => (calls.n++, mix.cdf(y)),
            density: y => mix.density(y),
            logDensity: y => mix.logDensity(y),
            cdfAndDensity: (y, out) => (calls.n++, mix.cdfAndDensity(y, out))
        };
        if (withStart) dist.quantileStart = (p, x, scale) => mix.quantileStart(p, x, scale);
        return { dist, calls };
    };

    it('finds the same end points in fewer CDF evaluations', () => {
        const plain = counted(false);
        const coarse = counted(true);
        const sd = Math.sqrt(mix.variance);
        for (const p of [0.01, 0.05, 0.25, 0.3, 0.5, 0.66, 0.75, 0.95, 0.99]) {
            const a = quantile(plain.dist, p);
            const b = quantile(coarse.dist, p);
            expect(Math.abs(a - b)).toBeLessThan(2e-10 * sd);
            expect(Math.abs(mix.cdf(b) - p)).toBeLessThan(1e-9);
        }
        expect(coarse.calls.n).toBeLessThan(0.75 * plain.calls.n);
    });

    it('falls back to the given start on a degenerate mixture', () => {
        const one = new StudentTMixture([1], [2], [0], [30]);
        expect(one.quantileStart(0.3, 1.5, 1)).toBe(1.5);
    });
});
