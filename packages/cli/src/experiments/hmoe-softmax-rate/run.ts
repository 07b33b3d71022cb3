import { Rng } from '@moe-studio/engine';
import type { ExperimentOptions } from '../experiment.js';
import { runFitTasks } from '../fit-pool.js';
import type { SoftmaxRateFit, SoftmaxRateFitTask } from '../fit-tasks.js';
import { logMeanSlope } from '../hmoe-shared/slope.js';
import { PAPER_TEXT_DESIGN, PUBLIC_CODE_DESIGN, type SoftmaxRateDesign } from './truth.js';
import type { SoftmaxAtom } from './voronoi-d1.js';

export interface SoftmaxRateConfig {
    designs: SoftmaxRateDesign[];
    sizes: number[];
    replicates: number;
    maxIterations: number;
    tolerance: number;
    /** Standard deviation of the start's perturbation of the truth. */
    jitter: number;
    /** Bootstrap draws of the slope interval. */
    bootstrap: number;
    /** Smallest n of the second fitting window (the published sizes are mostly >= 1000). */
    windowFrom: number;
}

/** n_0 + (n_1 - n_0) i / (count - 1), truncated to integers as the public code does. */
function linspace(from: number, to: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => Math.trunc(from + ((to - from) * i) / (count - 1)));
}

/**
 * The published sizes are linspace(100, 900, 5) and linspace(1000, 100000, 195); the full
 * version keeps that layout (equal weight per size, so large n dominate the fit) with 15 sizes
 * in the second range, which this machine fits in minutes rather than hours.
 */
export const SOFTMAX_RATE_FULL: SoftmaxRateConfig = {
    designs: [PAPER_TEXT_DESIGN, PUBLIC_CODE_DESIGN],
    sizes: [...linspace(100, 900, 5), ...linspace(1000, 100000, 15)],
    replicates: 40,
    maxIterations: 2000,
    tolerance: 1e-6,
    jitter: 0.1,
    bootstrap: 2000,
    windowFrom: 1000
};

export const SOFTMAX_RATE_QUICK: SoftmaxRateConfig = {
    ...SOFTMAX_RATE_FULL,
    sizes: [100, 300, 1000, 3000, 10000],
    replicates: 10,
    bootstrap: 500
};

export type { SoftmaxRateFit } from '../fit-tasks.js';

export interface SoftmaxRateSlope {
    design: string;
    window: string;
    smallestN: number;
    sizes: number;
    slope: number;
    intercept: number;
    lower: number;
    upper: number;
}

export interface SoftmaxRateResult {
    config: SoftmaxRateConfig;
    seed: number;
    fits: SoftmaxRateFit[];
    slopes: SoftmaxRateSlope[];
    stopped: boolean;
    seconds: number;
}

/** Atoms of the design's truth, in the loss's layout. */
export function trueAtoms(design: SoftmaxRateDesign): SoftmaxAtom[] {
    const t = design.truth;
    return t.variance.map((variance, k) => ({
        gateIntercept: t.gateIntercept[k]!,
        gateSlope: t.gateSlope[k]!,
        expertIntercept: t.expertIntercept[k]!,
        expertSlope: t.expertSlope[k]!,
        variance
    }));
}

/**
 * Every fit of the experiment: for each design, size and replicate, a data set from its own
 * stream (seed, design, n, replicate), EM from a start near the truth, and D1 against the truth.
 */
export async function runSoftmaxRate(
    config: SoftmaxRateConfig,
    options: Pick<ExperimentOptions, 'seed' | 'jobs' | 'onProgress' | 'signal'>
): Promise<SoftmaxRateResult> {
    const started = performance.now();
    const settings = { maxIterations: config.maxIterations, tolerance: config.tolerance, jitter: config.jitter };
    const tasks: SoftmaxRateFitTask[] = config.designs.flatMap(design => {
        const truth = trueAtoms(design);
        return config.sizes.flatMap(n =>
            Array.from({ length: config.replicates }, (_, replicate) => ({
                design,
                n,
                replicate,
                seed: options.seed,
                settings,
                truth
            }))
        );
    });
    const { results: fits, stopped } = await runFitTasks('softmaxRateFitTask', tasks, {
        jobs: options.jobs,
        signal: options.signal,
        onDone: (fit, done) => options.onProgress(done, tasks.length, `${fit.design} n=${fit.n}`)
    });
    const slopes: SoftmaxRateSlope[] = [];
    const rng = Rng.stream(options.seed, 'hmoe-softmax-rate/bootstrap');
    for (const design of config.designs) {
        const groups = config.sizes
            .map(n => ({ n, losses: fits.filter(f => f.design === design.name && f.n === n).map(f => f.d1) }))
            .filter(g => g.losses.length > 0);
        const windows = [
            { window: 'all sizes', smallestN: config.sizes[0]! },
            { window: `n >= ${config.windowFrom}`, smallestN: config.windowFrom }
        ];
        for (const w of windows) {
            const inWindow = groups.filter(g => g.n >= w.smallestN);
            if (inWindow.length < 2) continue;
            slopes.push({
                design: design.name,
                ...w,
                sizes: inWindow.length,
                ...logMeanSlope(inWindow, config.bootstrap, rng)
            });
        }
    }
    return { config, seed: options.seed, fits, slopes, stopped, seconds: (performance.now() - started) / 1000 };
}
