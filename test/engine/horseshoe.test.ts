import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { horseshoeSweep } from '../../packages/engine/src/horseshoe/gibbs.js';

/**
 * docs/method.md §2.9 oracle 5: Gibbs on (phi, lambda, nu, tau, xi) with no data has the prior as its
 * stationary law, so lambda and tau are half-Cauchy(0, 1): P(lambda <= 1) = 1/2 and
 * P(lambda <= tan(0.45 pi) = 6.314) = 0.9. Independent chains (C of them, B sweeps each, from
 * lambda = tau = 1) give independent draws; under the prior the M local scales of a chain are
 * independent of each other and of tau, so C*M lambda draws and C tau draws are iid. The
 * empirical probabilities are binomial: they must lie within 4 standard errors sqrt(p(1-p)/n).
 */
describe('horseshoe Gibbs step', () => {
    it('with no data reproduces the half-Cauchy prior of lambda and tau', () => {
        const C = 3000;
        const B = 150;
        const M = 6;
        const rng = Rng.stream(11, 'horseshoe-test');
        const phiIndex = Int32Array.from({ length: M }, (_, m) => m);
        // Per chain: phi (M), lambda2 (M), nu (M), tau2, xi.
        const state = new Float64Array(3 * M + 2);
        const lambdas: number[] = [];
        const taus: number[] = [];
        let clamps = 0;
        for (let c = 0; c < C; c++) {
            state.fill(1);
            for (let b = 0; b < B; b++) {
                for (let m = 0; m < M; m++) state[m] = Math.sqrt(state[M + m] * state[3 * M]) * rng.normal();
                clamps += horseshoeSweep(
                    rng,
                    { localPrecision: 1, globalPrecision: 1 },
                    state,
                    0,
                    phiIndex,
                    M,
                    2 * M,
                    3 * M
                );
            }
            for (let m = 0; m < M; m++) lambdas.push(Math.sqrt(state[M + m]));
            taus.push(Math.sqrt(state[3 * M]));
        }
        const q90 = Math.tan(0.45 * Math.PI);
        expect(q90).toBeCloseTo(6.3138, 4);
        const check = (draws: number[], x: number, p: number) => {
            const frac = draws.filter(v => v <= x).length / draws.length;
            expect(Math.abs(frac - p), `P(<= ${x}) = ${frac}`).toBeLessThan(
                4 * Math.sqrt((p * (1 - p)) / draws.length)
            );
        };
        check(lambdas, 1, 0.5);
        check(lambdas, q90, 0.9);
        check(taus, 1, 0.5);
        check(taus, q90, 0.9);
        expect(clamps).toBeLessThan(C * B * M * 1e-3);
    });
});
