/**
 * What the docs say about EM restarts (the `restarts` parameter in the catalogue, grammar/README.md,
 * README.md): every start runs at most SCREEN_ITERATIONS iterations, the one with the highest
 * log-likelihood then runs on to convergence or max_iterations and is the fit kept, and every start
 * is reported with its log-likelihood, iterations and why it stopped.
 */
import { describe, expect, it } from 'vitest';
import { emIterate, fitHmoe, SCREEN_ITERATIONS } from '../../../packages/engine/src/hmoe/fit-em.js';
import { paramsFromResponsibilities, randomPartition } from '../../../packages/engine/src/hmoe/initialise.js';
import { runEm } from '../../../packages/engine/src/hmoe/run-em.js';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { INFERENCE_METHODS } from '../../../packages/language/src/catalogue/model-parts.js';
import { emPlan, mcycle, problemOf } from './helpers.js';

const last = (trace: number[]) => trace[trace.length - 1];

describe('EM restarts: short-run screening, then the best start runs on', () => {
    // Laplace gates on the motorcycle data: random starts crawl, so most are still moving after the screen.
    const { train } = mcycle();
    const plan = emPlan(
        train,
        { gate: 'laplace', branches: 2 },
        { gate: 'laplace', branches: 2 },
        { restarts: 8, maxIterations: 2000, seed: 5, initialization: 'random' }
    );
    const result = runEm(plan, train, undefined, {});

    it('keeps the start with the highest log-likelihood of those reported, and that start finished', () => {
        expect(result.restarts).toHaveLength(8);
        const lls = result.restarts.map(r => r.logLikelihood);
        expect(result.logLikelihood).toBeCloseTo(Math.max(...lls), 9);
        const kept = result.restarts[lls.indexOf(Math.max(...lls))];
        expect(kept.stopped).not.toBe('screened');
        expect(kept.iterations).toBe(result.iterations);
        expect(kept.converged).toBe(result.converged);
        expect(last(result.logLikelihoodTrace)).toBeCloseTo(kept.logLikelihood, 9);
        expect(result.logLikelihoodTrace).toHaveLength(result.iterations + 1);
    });

    it('labels every other start by why it stopped: converged within the screen, or screened out at it', () => {
        const screened = result.restarts.filter(r => r.stopped === 'screened');
        // This fit is chosen so that the screen matters; if none were screened the test would prove nothing.
        expect(screened.length).toBeGreaterThan(0);
        for (const r of result.restarts) {
            expect(['converged', 'screened', 'max-iterations']).toContain(r.stopped);
            expect(r.converged).toBe(r.stopped === 'converged');
            if (r.stopped === 'screened') expect(r.iterations).toBe(SCREEN_ITERATIONS);
            if (r.stopped === 'max-iterations')
                expect(r.iterations).toBe(plan.inference.algorithm === 'em' ? plan.inference.maxIterations : NaN);
            // Only the kept start runs past the screen.
            if (r.logLikelihood < result.logLikelihood) expect(r.iterations).toBeLessThanOrEqual(SCREEN_ITERATIONS);
        }
    });

    it('a screened-out start was stopped early: run to the end, it goes higher (the label is not a euphemism)', () => {
        const problem = problemOf(train, 2, 2, 'laplace', 'laplace');
        const options = {
            maxIterations: 2000,
            tolerance: 1e-8,
            restarts: 8,
            initialization: 'random' as const,
            seed: 5
        };
        const full = fitHmoe(problem, { ...options, screenIterations: options.maxIterations });
        expect(full.restarts.every(r => r.stopped !== 'screened')).toBe(true);
        for (const r of result.restarts.filter(s => s.stopped === 'screened')) {
            expect(last(full.restarts[r.restart].logLikelihoods)).toBeGreaterThan(r.logLikelihood);
        }
        // The kept start's run-on is the same run it would have made uninterrupted.
        const kept = result.restarts.find(r => r.logLikelihood === result.logLikelihood)!;
        expect(full.restarts[kept.restart].logLikelihoods).toEqual(result.logLikelihoodTrace);
    });

    it('a start that converges during the screen is reported as converged, not run on', () => {
        const problem = problemOf(train, 1, 2, 'softmax', 'softmax');
        const rng = Rng.stream(2, 'em-restart-0');
        const start = paramsFromResponsibilities(problem, randomPartition(problem, rng), rng);
        const alone = emIterate(problem, start, {
            maxIterations: 2000,
            tolerance: 1e-4,
            restarts: 1,
            initialization: 'random',
            seed: 2
        });
        expect(alone.converged).toBe(true);
        expect(alone.iterations).toBeLessThan(SCREEN_ITERATIONS);
        const fit = fitHmoe(problem, {
            maxIterations: 2000,
            tolerance: 1e-4,
            restarts: 0,
            initialization: 'random',
            seed: 2,
            starts: [start]
        });
        expect(fit.best.stopped).toBe('converged');
        expect(fit.best.logLikelihoods).toEqual(alone.logLikelihoods);
    });

    it('with max_iterations at or below the screen, a start that does not converge hit max_iterations', () => {
        const fit = fitHmoe(problemOf(train, 2, 2, 'laplace', 'laplace'), {
            maxIterations: 5,
            tolerance: 1e-12,
            restarts: 3,
            initialization: 'random',
            seed: 5
        });
        for (const r of fit.restarts) {
            expect(r.stopped).toBe('max-iterations');
            expect(r.iterations).toBe(5);
        }
    });

    it('the `restarts` documentation says what the code does', () => {
        const em = INFERENCE_METHODS.find(m => m.name === 'em')!;
        const doc = em.params.find(p => p.name === 'restarts')!.doc;
        expect(SCREEN_ITERATIONS).toBe(40);
        expect(doc).toContain(`${SCREEN_ITERATIONS} EM iterations`);
        expect(doc).toMatch(/highest log-likelihood then runs on/);
        expect(doc).toMatch(/screened out/);
        expect(doc).not.toMatch(/the fit with the best log-likelihood is kept\.?$/);
    });
});
