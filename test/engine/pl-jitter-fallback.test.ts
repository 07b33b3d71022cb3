/**
 * The filter's Cholesky fallback (docs/method.md §6.3): when the refactorisation of a stick's gate
 * precision after a horseshoe sweep meets a non-positive pivot, the filter refactorises with
 * jitter (linalg/cholesky.ts), draws the stick from that factor, counts the jitter and says so
 * in the result's warnings. The pivot is forced through the refactorisation kernel: on its
 * first call the stick's precision is made the rank-one matrix of ones (a stick whose inputs
 * coincide) with zero prior precision, whose second pivot is exactly 1 - 1 * 1 = 0.
 */
import { describe, expect, it, vi } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import type { StickRedrawKernel } from '../../packages/engine/src/pl/kernels/stick-redraw.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

const forcing = vi.hoisted(() => ({ remaining: 0, statuses: [] as number[], phi: [] as number[] }));

vi.mock('../../packages/engine/src/pl/kernels/stick-redraw.js', async importOriginal => {
    const real = await importOriginal<typeof import('../../packages/engine/src/pl/kernels/stick-redraw.js')>();
    return {
        ...real,
        stickRedrawKernel(d: number): StickRedrawKernel {
            const kernel = real.stickRedrawKernel(d);
            const T = (d * (d + 1)) / 2;
            return (state, so, prec, mu, eps, jd) => {
                if (forcing.remaining === 0) return kernel(state, so, prec, mu, eps, jd);
                forcing.remaining--;
                // The stick block holds its precision P packed at offset 0 (particle-layout.ts).
                state.fill(1, so, so + T);
                prec.fill(0, 0, d);
                const status = kernel(state, so, prec, mu, eps, jd);
                forcing.statuses.push(status);
                return status;
            };
        }
    };
});

describe('Cholesky jitter fallback of the filter', () => {
    it('refactorises a singular stick precision with the smallest jitter that works, draws finite numbers and warns', () => {
        const train = hsmoeSyn10x3(40, 5);
        const plan = plPlan({ K: 3, particles: 30, sweepEvery: 5, seed: 11 });
        forcing.remaining = 1;
        forcing.statuses.length = 0;
        const result = runParticleLearning(plan, train, undefined, {});
        // The forced refactorisation did meet a non-positive pivot (status 0), so the fallback ran.
        expect(forcing.statuses).toEqual([0]);
        // ones + 1e-10 I is positive definite (pivots about 1e-10 >> eps), so the first rung is the one used.
        expect(result.warnings).toContain(
            'Cholesky of a gate precision needed diagonal jitter 1 times (largest 1e-10)'
        );
        expect(Number.isFinite(result.logMarginalLikelihood)).toBe(true);
        for (const expert of result.experts) expect(Number.isFinite(expert.usage)).toBe(true);
        expect(result.gate.coefficients.flat().every(Number.isFinite)).toBe(true);
    });

    it('says nothing about jitter when no factorisation needed it', () => {
        forcing.remaining = 0;
        const result = runParticleLearning(
            plPlan({ K: 3, particles: 30, sweepEvery: 5, seed: 11 }),
            hsmoeSyn10x3(40, 5),
            undefined,
            {}
        );
        expect(result.warnings.some(w => w.includes('jitter'))).toBe(false);
    });
});
