/**
 * Plans of the HS-MoE experiments: the HSMOE-SYN-10x3 benchmark (examples/hs-moe-synthetic.moe)
 * and its variants, built directly as execution plans so an experiment needs no model file.
 * The defaults are the example's: 4 filters of 500 particles, resample-move sweeps after 10, 20,
 * 40, ... observations, a horseshoe on the stick-breaking gate, unit-information NIG experts.
 */
import { PLAN_VERSION, type ExecutionPlan, type GatePrior, type ParticleLearningSpec } from '@moe-studio/engine';
import { sparseExpertsSource } from '@moe-studio/engine/plan';

export interface SyntheticDesign {
    experts: number;
    active: number;
    inputs: number;
    n: number;
    nTest: number;
    noise: number;
    /** Seed of the training stream; the held-out stream uses `testSeed`. */
    dataSeed: number;
    testSeed: number;
}

/** HSMOE-SYN-10x3 (docs/method.md §4.2) with the example's seeds. */
export const BENCHMARK: SyntheticDesign = {
    experts: 10,
    active: 3,
    inputs: 5,
    n: 500,
    nTest: 2000,
    noise: 0.5,
    dataSeed: 20260114,
    testSeed: 99
};

export const HORSESHOE: GatePrior = { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true };
export const NORMAL_GATE: GatePrior = { kind: 'normal', mean: 0, variance: 1 };

/** The example's inference settings (the README's table says why these). */
export const TRUST_DEFAULTS: Omit<ParticleLearningSpec, 'seed'> = {
    algorithm: 'particle-learning',
    particles: 500,
    resampling: 'systematic',
    essThreshold: 1,
    refreshVisitedSticks: true,
    sweepEvery: 1,
    chains: 4,
    rejuvenateEvery: 10,
    rejuvenateSchedule: 'doubling'
};

const source = (design: SyntheticDesign, n: number, seed: number) => sparseExpertsSource(n, seed, design);

export interface PlanChoice {
    design: SyntheticDesign;
    /** Experts the model is given (default: the design's K). */
    modelExperts?: number;
    prior?: GatePrior;
    inference?: Partial<Omit<ParticleLearningSpec, 'algorithm'>>;
    seed: number;
}

export function syntheticPlan(choice: PlanChoice): ExecutionPlan {
    const { design } = choice;
    const dimension = design.inputs + 1;
    return {
        planVersion: PLAN_VERSION,
        model: { name: 'hs_moe_experiment', source: '(built-in experiment)' },
        data: {
            train: { name: 'train', source: source(design, design.n, design.dataSeed), line: 1 },
            test: { name: 'test', source: source(design, design.nTest, design.testSeed), line: 1 }
        },
        experts: {
            family: 'gaussian',
            count: choice.modelExperts ?? design.experts,
            dimension,
            prior: {
                kind: 'normal-inverse-gamma',
                mean: new Array<number>(dimension).fill(0),
                scale: 10,
                shape: 2,
                rate: 1
            }
        },
        gate: { type: 'stick-breaking', prior: { ...(choice.prior ?? HORSESHOE) } },
        inference: { ...TRUST_DEFAULTS, ...choice.inference, algorithm: 'particle-learning', seed: choice.seed },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** Seed of data replicate r (r = 0 is the example's own data). */
export function replicateDataSeed(design: SyntheticDesign, r: number): SyntheticDesign {
    return r === 0 ? design : { ...design, dataSeed: design.dataSeed + 1000 * r, testSeed: design.testSeed + 1000 * r };
}
