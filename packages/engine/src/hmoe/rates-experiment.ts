import type { GateKind } from '../plan/types.js';
import { Rng } from '../random/rng.js';
import { fitHmoe } from './fit-em.js';
import { estimationError, problemFromDataset } from './run-em.js';
import { cloneParams, newParams, type HmoeParams, type HmoeShape } from './model.js';
import { hierarchicalDataset, ratesSource } from './synthetic.js';
import { truthParams } from './truth.js';

/**
 * The HMOE-RATES protocol (method.md §5.5): Softmax-Softmax, Softmax-Laplace and Laplace-Laplace
 * fitted by EM to data of growing size n from the same true model (k1* = k2* = 2), exact-specified
 * (2 x 2) and over-specified in the inner level (2 x 3); the estimation error is the Voronoi loss
 * D against the truth, and the rate is the least-squares slope of log D against log n.
 */
export interface RatesConfig {
    sizes: number[];
    replicates: number;
    combinations: Array<[GateKind, GateKind]>;
    /** EM settings of every fit. */
    maxIterations: number;
    tolerance: number;
    /** Random starts besides the start near the truth and the flat-mixture start. */
    randomStarts: number;
    bootstrap: number;
}

export const RATES_DEFAULT: RatesConfig = {
    sizes: [500, 1000, 2000, 4000, 8000],
    replicates: 3,
    combinations: [['softmax', 'softmax'], ['softmax', 'laplace'], ['laplace', 'laplace']],
    maxIterations: 200,
    tolerance: 1e-8,
    randomStarts: 0,
    bootstrap: 500,
};

export const RATES_QUICK: RatesConfig = {
    ...RATES_DEFAULT,
    sizes: [500, 1000, 2000],
    replicates: 1,
    maxIterations: 100,
    bootstrap: 200,
};

export type RatesCase = 'exact' | 'over';

export interface RatesFit {
    gates: string;
    case: RatesCase;
    n: number;
    replicate: number;
    seed: number;
    voronoiLoss: number;
    coefficientError: number;
    /** l_hat - l(truth) on the training data. */
    logLikelihoodGap: number;
    iterations: number;
    converged: boolean;
}

export interface RatesRow {
    gates: string;
    case: RatesCase;
    /** Mean Voronoi loss per sample size (same order as `sizes`). */
    meanLoss: number[];
    /** Slope of log D on log n over all fits, and a percentile bootstrap 95% interval. */
    slope: number;
    slopeInterval: { lower: number; upper: number };
}

export interface RatesResult {
    experiment: 'hmoe-rates';
    config: RatesConfig;
    rows: RatesRow[];
    fits: RatesFit[];
    seconds: number;
}

const label = ([outer, inner]: [GateKind, GateKind]): string => (outer[0] + inner[0]).toUpperCase();

/** Seed of replicate r at size n (method.md §5.5): 1000 r + log2(n / 500), rounded. */
export function ratesSeed(replicate: number, n: number): number {
    return 1000 * (replicate + 1) + Math.max(0, Math.round(Math.log2(n / 500)));
}

/**
 * A start near the truth (each parameter plus N(0, 0.1^2) noise), for the over-specified fit with
 * each node's extra leaves copied from its first leaf with the gate bias lowered by log 2 so the
 * copies share its mass. EM is a local method; the rates are properties of the MLE, so every fit
 * also starts near the truth besides its data-driven starts, and the best likelihood is kept.
 */
function startNearTruth(truth: HmoeParams, shape: HmoeShape, rng: Rng): HmoeParams {
    const start = newParams(shape);
    const t = cloneParams(truth);
    const k2True = t.inner[0].k;
    const { d, p } = shape;
    const jitter = (v: number) => v + 0.1 * rng.normal();
    start.outer.weights.set(t.outer.weights.map(jitter));
    start.outer.bias.set(t.outer.bias.map(jitter));
    for (let i1 = 0; i1 < shape.k1; i1++) {
        for (let i2 = 0; i2 < shape.k2; i2++) {
            const from = i2 < k2True ? i2 : 0;
            const shift = i2 >= k2True || (from === 0 && shape.k2 > k2True) ? -Math.LN2 : 0;
            for (let u = 0; u < p; u++) start.inner[i1].weights[i2 * p + u] = jitter(t.inner[i1].weights[from * p + u]);
            start.inner[i1].bias[i2] = jitter(t.inner[i1].bias[from]) + shift;
            const leaf = i1 * shape.k2 + i2;
            const trueLeaf = i1 * k2True + from;
            for (let j = 0; j < d; j++) start.coefficients[leaf * d + j] = jitter(t.coefficients[trueLeaf * d + j]);
            start.variances[leaf] = t.variances[trueLeaf] * Math.exp(0.1 * rng.normal());
        }
    }
    return start;
}

/** Least-squares slope of y on x. */
function slope(x: number[], y: number[]): number {
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < x.length; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) ** 2;
    }
    return sxy / sxx;
}

/** One fit of the protocol. */
export function ratesFit(gates: [GateKind, GateKind], kase: RatesCase, n: number, replicate: number, config: RatesConfig): RatesFit {
    const seed = ratesSeed(replicate, n);
    const source = ratesSource(gates[0], gates[1], n, seed);
    const train = hierarchicalDataset(source);
    const truth = truthParams(source);
    if ('reason' in truth) throw new Error(truth.reason);
    const shape: HmoeShape = { ...truth.shape, k2: kase === 'exact' ? 2 : 3 };
    const warnings: string[] = [];
    const problem = problemFromDataset(shape, train, warnings);
    const fit = fitHmoe(problem, {
        maxIterations: config.maxIterations, tolerance: config.tolerance, restarts: 1 + config.randomStarts,
        initialization: 'flat-mixture', seed,
        starts: [startNearTruth(truth.params, shape, Rng.stream(seed, 'rates-start'))],
    });
    const error = estimationError(shape, fit.best.params, problem, train);
    if (typeof error === 'string') throw new Error(error);
    const l = fit.best.logLikelihoods[fit.best.logLikelihoods.length - 1];
    return {
        gates: label(gates), case: kase, n, replicate, seed,
        voronoiLoss: error.voronoiLoss, coefficientError: error.coefficientError,
        logLikelihoodGap: l - error.trueLogLikelihood, iterations: fit.totalIterations, converged: fit.best.converged,
    };
}

/** Runs the protocol; `onFit` is told after every fit (for progress). */
export function runRatesExperiment(config: RatesConfig, onFit?: (fit: RatesFit, done: number, total: number) => void): RatesResult {
    const started = performance.now();
    const fits: RatesFit[] = [];
    const total = config.combinations.length * 2 * config.sizes.length * config.replicates;
    for (const gates of config.combinations) {
        for (const kase of ['exact', 'over'] as const) {
            for (const n of config.sizes) {
                for (let r = 0; r < config.replicates; r++) {
                    const fit = ratesFit(gates, kase, n, r, config);
                    fits.push(fit);
                    onFit?.(fit, fits.length, total);
                }
            }
        }
    }
    const rows: RatesRow[] = [];
    const rng = Rng.stream(1, 'rates-bootstrap');
    for (const gates of config.combinations) {
        for (const kase of ['exact', 'over'] as const) {
            const mine = fits.filter(f => f.gates === label(gates) && f.case === kase);
            const bySize = config.sizes.map(n => mine.filter(f => f.n === n));
            const meanLoss = bySize.map(group => group.reduce((a, f) => a + f.voronoiLoss, 0) / group.length);
            const x = mine.map(f => Math.log(f.n));
            const y = mine.map(f => Math.log(f.voronoiLoss));
            // Percentile bootstrap: resample replicates within each sample size.
            const slopes: number[] = [];
            for (let b = 0; b < config.bootstrap; b++) {
                const bx: number[] = [];
                const by: number[] = [];
                for (const group of bySize) {
                    for (let r = 0; r < group.length; r++) {
                        const f = group[rng.integer(group.length)];
                        bx.push(Math.log(f.n));
                        by.push(Math.log(f.voronoiLoss));
                    }
                }
                slopes.push(slope(bx, by));
            }
            slopes.sort((a, b) => a - b);
            rows.push({
                gates: label(gates), case: kase, meanLoss, slope: slope(x, y),
                slopeInterval: { lower: slopes[Math.floor(0.025 * slopes.length)], upper: slopes[Math.min(slopes.length - 1, Math.floor(0.975 * slopes.length))] },
            });
        }
    }
    return { experiment: 'hmoe-rates', config, rows, fits, seconds: (performance.now() - started) / 1000 };
}

/** The table the CLI prints and the README shows. */
export function formatRatesTable(result: RatesResult): string {
    const { config } = result;
    const header = ['case ', 'gates', ...config.sizes.map(n => `n=${n}`.padStart(9)), '  slope', '  95% bootstrap CI'];
    const lines = [
        `HMOE-RATES: mean Voronoi loss D against n (${config.replicates} replicate${config.replicates === 1 ? '' : 's'} per n), slope of log D on log n`,
        header.join('  '),
    ];
    for (const row of result.rows) {
        lines.push([
            row.case.padEnd(5), row.gates.padEnd(5),
            ...row.meanLoss.map(v => v.toFixed(4).padStart(9)),
            row.slope.toFixed(2).padStart(7),
            `  [${row.slopeInterval.lower.toFixed(2)}, ${row.slopeInterval.upper.toFixed(2)}]`,
        ].join('  '));
    }
    const gaps = result.fits.map(f => f.logLikelihoodGap);
    const unconverged = result.fits.filter(f => !f.converged).length;
    lines.push(`l_hat - l(truth): min ${Math.min(...gaps).toFixed(2)}, max ${Math.max(...gaps).toFixed(2)}; ${unconverged} of ${result.fits.length} fits stopped at ${config.maxIterations} iterations; ${result.seconds.toFixed(1)} s`);
    return lines.join('\n');
}

