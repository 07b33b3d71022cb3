import { describe, expect, it } from 'vitest';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import { PlanError } from '../../../packages/engine/src/errors.js';
import { validatePlan } from '../../../packages/engine/src/plan/validate-plan.js';
import { clone, csvPlan, hmoePlan, shiftPlan, sparseExpertsPlan } from './plans.js';

/** Run validatePlan on a broken copy and return the PlanError it must throw. */
function rejection(plan: unknown): PlanError {
    try {
        validatePlan(plan);
    } catch (error) {
        expect(error).toBeInstanceOf(PlanError);
        return error as PlanError;
    }
    throw new Error('the plan was accepted');
}

function broken(make: () => ExecutionPlan, edit: (plan: any) => void): unknown {
    const plan = clone(make()) as any;
    edit(plan);
    return plan;
}

describe('validatePlan: accepted plans', () => {
    it.each([
        ['sparse experts + PL', sparseExpertsPlan()],
        ['hierarchical + EM', hmoePlan()],
        ['CSV split + normal gate prior', csvPlan('/data/x.csv', { train: [0, 80], test: [80, 100] })],
        ['shift stream, no held-out stream', shiftPlan()],
        [
            'forgetting factor',
            { ...sparseExpertsPlan(), inference: { ...sparseExpertsPlan().inference, forgetting: 0.95 } }
        ],
        [
            'Bernoulli experts',
            {
                ...sparseExpertsPlan(),
                experts: {
                    family: 'bernoulli',
                    count: 10,
                    dimension: 6,
                    prior: { kind: 'normal', mean: [0, 0, 0, 0, 0, 0], variance: 4 }
                }
            }
        ]
    ] as Array<[string, ExecutionPlan]>)('%s', (_name, plan) => {
        expect(validatePlan(clone(plan))).toEqual(plan);
    });
});

describe('validatePlan: schema errors name the field', () => {
    it.each([
        [
            'missing field',
            (p: any) => {
                delete p.inference.seed;
            },
            '/inference/seed',
            /missing required field/
        ],
        [
            'out of range',
            (p: any) => {
                p.inference.particles = 0;
            },
            '/inference/particles',
            /must be >= 1 \(got 0\)/
        ],
        [
            'not an integer',
            (p: any) => {
                p.inference.particles = 2.5;
            },
            '/inference/particles',
            /must be integer/
        ],
        [
            'ESS threshold above 1',
            (p: any) => {
                p.inference.essThreshold = 1.5;
            },
            '/inference/essThreshold',
            /<= 1/
        ],
        [
            'zero variance',
            (p: any) => {
                p.experts.prior.scale = 0;
            },
            '/experts/prior/scale',
            /must be > 0/
        ],
        [
            'unknown field',
            (p: any) => {
                p.inference.particels = 5;
            },
            '/inference/particels',
            /unknown field \(expected one of: algorithm, particles/
        ],
        [
            'unknown algorithm',
            (p: any) => {
                p.inference.algorithm = 'mcmc';
            },
            '/inference/algorithm',
            /must be one of "particle-learning", "em" \(got "mcmc"\)/
        ],
        [
            'unknown source kind',
            (p: any) => {
                p.data.train.source.kind = 'parquet';
            },
            '/data/train/source/kind',
            /must be one of "csv", "sparse-experts", "hierarchical", "shift"/
        ],
        [
            'bad resampling scheme',
            (p: any) => {
                p.inference.resampling = 'best';
            },
            '/inference/resampling',
            /must be one of "multinomial", "systematic", "stratified", "residual"/
        ],
        [
            'wrong version',
            (p: any) => {
                p.planVersion = 1;
            },
            '/planVersion',
            /must be 2 \(got 1\)/
        ],
        [
            'forgetting of 0',
            (p: any) => {
                p.inference.forgetting = 0;
            },
            '/inference/forgetting',
            /must be > 0/
        ],
        [
            'forgetting above 1',
            (p: any) => {
                p.inference.forgetting = 1.5;
            },
            '/inference/forgetting',
            /<= 1/
        ],
        [
            'string for a number',
            (p: any) => {
                p.data.train.source.n = '500';
            },
            '/data/train/source/n',
            /must be integer/
        ],
        [
            'negative seed',
            (p: any) => {
                p.data.train.source.seed = -1;
            },
            '/data/train/source/seed',
            />= 0/
        ]
    ] as Array<[string, (p: any) => void, string, RegExp]>)('%s', (_name, edit, field, message) => {
        const error = rejection(broken(() => sparseExpertsPlan(), edit));
        expect(error.field).toBe(field);
        expect(error.message).toMatch(message);
        expect(error.message.startsWith(`${field}: `)).toBe(true);
    });

    it('rejects what is not an object at all', () => {
        expect(rejection(42).message).toMatch(/must be object/);
        expect(rejection(null).message).toMatch(/must be object/);
    });

    it('lists further problems after the first', () => {
        const error = rejection(
            broken(
                () => sparseExpertsPlan(),
                p => {
                    p.inference.particles = 0;
                    p.experts.prior.rate = -1;
                }
            )
        );
        expect(error.message).toMatch(/also .*\/(experts\/prior\/rate|inference\/particles)/);
    });
});

describe('validatePlan: consistency rules beyond the schema', () => {
    it.each([
        [
            's > K',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.data.train.source.active = 11;
            },
            '/data/train/source/active',
            /only 10 experts/
        ],
        [
            'shiftAt > n',
            () => shiftPlan(),
            (p: any) => {
                p.data.train.source.shiftAt = 301;
            },
            '/data/train/source/shiftAt',
            /only 300 rows/
        ],
        [
            'shift coefficients',
            () => shiftPlan(),
            (p: any) => {
                p.data.train.source.after.coefficients = [1, 2];
            },
            '/data/train/source/after/coefficients',
            /expected the intercept and one slope per input \(3\)/
        ],
        [
            'inner gates per outer branch',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.source.inner.pop();
            },
            '/data/train/source/inner',
            /1 inner gates, expected one per outer branch \(2\)/
        ],
        [
            'experts per inner branch',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.source.experts[1].pop();
            },
            '/data/train/source/experts/1',
            /1 experts, expected one per inner branch \(2\)/
        ],
        [
            'gate weights per input',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.source.outer.weights[0] = [1];
            },
            '/data/train/source/outer/weights/0',
            /expected one per input \(2\)/
        ],
        [
            'input range',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.source.inputRange.high = -1;
            },
            '/data/train/source/inputRange/high',
            /greater than low/
        ],
        [
            'rows beyond the generator',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.rows.end = 1001;
            },
            '/data/train/rows/end',
            /only 1000 rows/
        ],
        [
            'empty row range',
            () => hmoePlan(),
            (p: any) => {
                p.data.train.rows.start = 1000;
            },
            '/data/train/rows/end',
            /greater than rows.start/
        ],
        [
            'dimension',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.experts.dimension = 5;
                p.experts.prior.mean.pop();
            },
            '/experts/dimension',
            /6 design columns/
        ],
        [
            'prior mean length',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.experts.prior.mean.pop();
            },
            '/experts/prior/mean',
            /5 entries, expected one per design column \(6\)/
        ],
        [
            'EM leaves',
            () => hmoePlan(),
            (p: any) => {
                p.experts.count = 5;
            },
            '/experts/count',
            /2 x 2 = 4 leaves/
        ],
        [
            'PL gate',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.gate = {
                    type: 'hierarchical',
                    outer: { gate: 'softmax', branches: 2 },
                    inner: { gate: 'softmax', branches: 5 }
                };
            },
            '/gate/type',
            /particle learning needs a stick-breaking gate/
        ],
        [
            'EM gate',
            () => hmoePlan(),
            (p: any) => {
                p.gate = { type: 'stick-breaking', prior: { kind: 'normal', mean: 0, variance: 1 } };
            },
            '/gate/type',
            /EM needs a hierarchical/
        ],
        [
            'target among inputs',
            () => csvPlan('/d.csv', { train: [0, 8], test: [8, 10] }),
            (p: any) => {
                p.data.train.source.inputs = ['x1', 'y'];
            },
            '/data/train/source/inputs',
            /target column 'y'/
        ],
        [
            'held-out width',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.data.test.source.inputs = 4;
            },
            '/data/test/source',
            /5 design columns, the training stream 6/
        ],
        [
            'held-out scaling',
            () => csvPlan('/d.csv', { train: [0, 8], test: [8, 10] }),
            (p: any) => {
                p.data.test.source = { ...p.data.test.source, standardize: false };
            },
            '/data/test/source/standardize',
            /must match the training stream/
        ],
        [
            'duplicate interval level',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.predictive.intervals = [0.9, 0.9];
            },
            '/predictive/intervals',
            /same level twice/
        ],
        [
            'forgetting with moves',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.inference.forgetting = 0.98;
                p.inference.rejuvenateEvery = 10;
            },
            '/inference/forgetting',
            /cannot be combined with rejuvenateEvery/
        ],
        [
            'forgetting with Bernoulli experts',
            () => sparseExpertsPlan(),
            (p: any) => {
                p.inference.forgetting = 0.98;
                p.experts = {
                    family: 'bernoulli',
                    count: 10,
                    dimension: 6,
                    prior: { kind: 'normal', mean: [0, 0, 0, 0, 0, 0], variance: 4 }
                };
            },
            '/inference/forgetting',
            /needs Gaussian experts/
        ]
    ] as Array<[string, () => ExecutionPlan, (p: any) => void, string, RegExp]>)(
        '%s',
        (_name, make, edit, field, message) => {
            const error = rejection(broken(make, edit));
            expect(error.field).toBe(field);
            expect(error.message).toMatch(message);
        }
    );
});
