/**
 * The fit-size estimator: closed-form byte counts for each part, refusal beyond the budget naming
 * the setting to change, and plan loading refusing what cannot fit before anything is allocated.
 */
import { describe, expect, test } from 'vitest';
import { PlanError } from '../../../packages/engine/src/errors.js';
import {
    estimateFitBytes,
    fitSizeProblem,
    MAX_RESTARTS,
    type FitShape
} from '../../../packages/engine/src/plan/plan-size.js';
import { validatePlan } from '../../../packages/engine/src/plan/validate-plan.js';
import { particleLayout } from '../../../packages/engine/src/pl/particle-layout.js';
import { clone, hmoePlan, sparseExpertsPlan } from './plans.js';

const shape: FitShape = {
    algorithm: 'particle-learning',
    experts: 5,
    family: 'gaussian',
    dimension: 3,
    horseshoe: true,
    rows: 1000,
    testRows: 200,
    particles: 100,
    chains: 4,
    rejuvenate: true,
    restarts: 0
};

describe('estimateFitBytes', () => {
    test('adds up data, particles and traces as laid out', () => {
        const [data, particles, traces] = estimateFitBytes(shape);
        expect(data.bytes).toBe(8 * 1200 * 4);
        const stride = particleLayout(5, 3, 'gaussian', 3, true).stride;
        expect(particles.bytes).toBe(3 * 4 * 100 * (8 * stride + 4 * 5 + 2 * 1000));
        // 1000 rows: one bin each (pl/trace-bins.ts); count, ESS min/sum/max, evidence, resamplings, K allocations.
        expect(traces.bytes).toBe(4 * 1000 * 8 * (6 + 5));
        // A million rows: 2000 bins of 500, the traces no larger than at 2000 rows.
        expect(estimateFitBytes({ ...shape, rows: 1_000_000 })[2].bytes).toBe(4 * 2000 * 8 * (6 + 5));
    });

    test('EM: data and n x K working arrays', () => {
        const [data, working] = estimateFitBytes({ ...shape, algorithm: 'em', particles: 0 });
        expect(data.bytes).toBe(8 * 1200 * 4);
        expect(working.bytes).toBe(4 * 8 * 1000 * 5);
    });
});

describe('fitSizeProblem', () => {
    const total = estimateFitBytes(shape).reduce((s, p) => s + p.bytes, 0);

    test('is undefined up to the budget and names the particles past it', () => {
        expect(fitSizeProblem(shape, total)).toBeUndefined();
        const problem = fitSizeProblem(shape, total - 1)!;
        expect(problem.field).toBe('particles');
        expect(problem.message).toMatch(/: use fewer particles or filters \(chains\)$/);
    });

    test('names the experts when one particle alone is beyond the budget', () => {
        expect(fitSizeProblem({ ...shape, experts: 10_000, particles: 1, chains: 1, rows: 100_000 }, 1e8)!.field).toBe(
            'experts'
        );
        const many = fitSizeProblem({ ...shape, experts: 10_000_000, particles: 10, chains: 1, rows: 30 }, 1e10)!;
        expect(many.field).toBe('experts');
        expect(many.message).toMatch(/use fewer experts/);
    });

    test(`refuses more than ${MAX_RESTARTS} EM restarts whatever the memory`, () => {
        const problem = fitSizeProblem({ ...shape, algorithm: 'em', restarts: MAX_RESTARTS + 1 }, Infinity)!;
        expect(problem).toEqual({
            field: 'restarts',
            message: `${MAX_RESTARTS + 1} EM restarts would run for days; at most ${MAX_RESTARTS} are allowed`
        });
        expect(fitSizeProblem({ ...shape, algorithm: 'em', restarts: MAX_RESTARTS }, Infinity)).toBeUndefined();
    });
});

describe('plan loading', () => {
    const rejection = (plan: unknown): PlanError => {
        try {
            validatePlan(plan);
        } catch (error) {
            expect(error).toBeInstanceOf(PlanError);
            return error as PlanError;
        }
        throw new Error('the plan was accepted');
    };

    test('a plan with a billion particles is refused at /inference/particles', () => {
        const plan = clone(sparseExpertsPlan());
        (plan.inference as { particles: number }).particles = 1e9;
        const error = rejection(plan);
        expect(error.message).toMatch(/^\/inference\/particles: this fit needs about .* GiB .*: use fewer particles/);
        expect(error.field).toBe('/inference/particles');
        expect(error.message).toContain('/inference/particles');
    });

    test('a plan with a million restarts is refused at /inference/restarts', () => {
        const plan = clone(hmoePlan());
        (plan.inference as { restarts: number }).restarts = 1e6;
        expect(rejection(plan).message).toContain('/inference/restarts');
    });

    test('the plans of the tests load', () => {
        expect(() => validatePlan(clone(sparseExpertsPlan()))).not.toThrow();
        expect(() => validatePlan(clone(hmoePlan()))).not.toThrow();
    });
});
