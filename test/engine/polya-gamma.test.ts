import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { PolyaGammaSampler, exponentialProposalProbability } from '../../packages/engine/src/polya-gamma/devroye.js';
import { normalLogCdf } from '../../packages/engine/src/special/normal.js';
import { polyaGammaMean, polyaGammaVariance } from '../../packages/engine/src/polya-gamma/moments.js';

/**
 * Moment check of the exact PG(b, z) sampler against the closed forms of Polson, Scott & Windle
 * (2013) over a grid of b and z (z = 0 and |z| >= 20 included, docs/method.md §2.9 oracle 3).
 * With M draws the sample mean has standard error sd/sqrt(M); the sample variance has standard
 * error sqrt((mu4 - sigma^4)/M), bounded here by sigma^2 sqrt((kurt - 1)/M) with the PG kurtosis
 * estimated from the same sample. Both must lie within 5 standard errors (two-sided probability
 * of a false alarm about 6e-7 per check, so about 1e-5 over the 40 checks).
 */
const Z_GRID = [0, 0.5, -1, 2.5, 5, -10, 20, 40, -300];
const B_GRID = [1, 2, 5];
const M = 20000;

describe('Polya-Gamma sampler', () => {
    it('proposal mixing probability equals BayesLogit mass_texpon evaluated in log space', () => {
        // p/(p+q) = 1/(1 + q/p), q/p = (4/pi)(exp(xb) + exp(xa)), xa/xb as in BayesLogit, with
        // log Phi computed directly: an independent evaluation of the same quantity.
        const t = 0.64;
        for (const Z of [0, 1e-8, 0.1, 0.5, 1, 1 / t - 1e-9, 1 / t, 1 / t + 1e-9, 2, 5, 10, 20, 30]) {
            const K = (Math.PI * Math.PI) / 8 + 0.5 * Z * Z;
            const x0 = Math.log(K) + K * t;
            const xb = x0 - Z + normalLogCdf((t * Z - 1) / Math.sqrt(t));
            const xa = x0 + Z + normalLogCdf(-(t * Z + 1) / Math.sqrt(t));
            const m = Math.max(xa, xb);
            const logqp = Math.log(4 / Math.PI) + m + Math.log(Math.exp(xa - m) + Math.exp(xb - m));
            const want = 1 / (1 + Math.exp(logqp));
            const got = exponentialProposalProbability(Z);
            expect(Math.abs(got - want), `Z = ${Z}`).toBeLessThanOrEqual(1e-12 * want);
        }
        // Far out the probability is 0 to double precision, never NaN.
        expect(exponentialProposalProbability(150)).toBe(0);
        expect(exponentialProposalProbability(1e200)).toBe(0);
    });

    it('closed-form moments have the right limits', () => {
        expect(polyaGammaMean(1, 0)).toBe(0.25);
        expect(polyaGammaVariance(1, 0)).toBeCloseTo(1 / 24, 15);
        // Continuity across the series / closed-form switch points.
        expect(Math.abs(polyaGammaMean(1, 0.00999999) - polyaGammaMean(1, 0.01000001))).toBeLessThan(1e-9);
        expect(Math.abs(polyaGammaVariance(1, 0.00999999) - polyaGammaVariance(1, 0.01000001))).toBeLessThan(1e-9);
        // (the derivative is about -0.016 there, so the two points differ by about 3e-9)
        expect(Math.abs(polyaGammaVariance(1, 0.9999999) - polyaGammaVariance(1, 1.0000001))).toBeLessThan(1e-8);
        // Large z: mean -> b/(2|z|), variance -> b/(2|z|^3).
        expect(polyaGammaMean(1, 300) * 600).toBeCloseTo(1, 12);
        expect(polyaGammaVariance(1, 300) * 2 * 300 ** 3).toBeCloseTo(1, 2);
    });

    it('sample mean and variance match the closed forms within 5 Monte Carlo standard errors', () => {
        const sampler = new PolyaGammaSampler(Rng.stream(2024, 'pg-test'));
        for (const b of B_GRID) {
            for (const z of Z_GRID) {
                let s1 = 0;
                let s2 = 0;
                const draws = new Float64Array(M);
                for (let i = 0; i < M; i++) {
                    const w = sampler.draw(b, z);
                    draws[i] = w;
                    s1 += w;
                }
                const mean = s1 / M;
                let m4 = 0;
                for (let i = 0; i < M; i++) {
                    const c = draws[i] - mean;
                    s2 += c * c;
                    m4 += c * c * c * c;
                }
                const variance = s2 / (M - 1);
                m4 /= M;
                const trueMean = polyaGammaMean(b, z);
                const trueVar = polyaGammaVariance(b, z);
                const seMean = Math.sqrt(trueVar / M);
                const seVar = Math.sqrt(Math.max(m4 - variance * variance, 0) / M);
                expect(Math.abs(mean - trueMean), `mean b=${b} z=${z}`).toBeLessThan(5 * seMean);
                expect(Math.abs(variance - trueVar), `variance b=${b} z=${z}`).toBeLessThan(5 * seVar);
                expect(draws.every(w => w > 0 && Number.isFinite(w))).toBe(true);
            }
        }
        expect(sampler.capHits).toBe(0);
    });
});
