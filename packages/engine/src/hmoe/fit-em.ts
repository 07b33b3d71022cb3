import { NumericalError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { eStep, newEStepBuffers } from './e-step.js';
import { expertMStep } from './expert-m-step.js';
import { maximiseGateLevel, type GateStepOptions } from './gate-m-step.js';
import { paramsFromResponsibilities, randomPartition, rankGroupings } from './initialise.js';
import { cloneParams, leafCount, type GateLevel, type HmoeParams } from './model.js';
import type { EmProblem } from './problem.js';

export type Initialization = 'random' | 'flat-mixture';

export interface EmFitOptions {
    maxIterations: number;
    /** Converged when |l_{t+1} - l_t| < tolerance |l_t| for 3 consecutive iterations (docs/method.md §5.3). */
    tolerance: number;
    restarts: number;
    initialization: Initialization;
    seed: number;
    /** Newton / Gauss-Newton steps per gate level per M-step. */
    gateSteps?: number;
    /** Iterations each start runs before only the best continues (default 40; at least maxIterations runs every start to the end). */
    screenIterations?: number;
    /** Extra starting points tried before the random ones (e.g. near the truth in simulations). */
    starts?: HmoeParams[];
    /** Called after every E-step; may throw (cancellation). */
    onIteration?: (info: { restart: number; iteration: number; logLikelihood: number }) => void;
}

export interface SingleFit {
    params: HmoeParams;
    /** l(theta_0), l(theta_1), ...: one entry per E-step. */
    logLikelihoods: number[];
    /** M-steps done. */
    iterations: number;
    converged: boolean;
    /** Iterations (1-based M-step index) at which an empty leaf was re-initialised. */
    reinitialisedAt: number[];
    maxJitter: number;
    flooredVariance: boolean;
    /** Iterations where l decreased by more than 1e-8 |l| outside re-initialisations. */
    decreases: number;
    /** Consecutive iterations, at the end, within the tolerance (a resumed run carries it on). */
    stable: number;
}

/**
 * Why a start stopped: it converged; it was screened out (stopped after the screening
 * iterations because another start had the higher log-likelihood then); or it reached the
 * maximum number of iterations without converging.
 */
export type RestartStop = 'converged' | 'screened' | 'max-iterations';

export interface RestartFit extends SingleFit {
    restart: number;
    initialization: Initialization | 'given';
    stopped: RestartStop;
}

export interface EmFit {
    best: RestartFit;
    restarts: RestartFit[];
    totalIterations: number;
}

/** Newton steps per gate level per M-step: a GEM needs only an increase, and in
 *  scripts/bench/em.ts one step needed about as many EM iterations as two or three, at half
 *  the cost per iteration. */
const DEFAULT_GATE_STEPS = 1;
const STABLE_ITERATIONS = 3;

/**
 * Re-initialises an empty leaf (docs/method.md §6.12): its expert is refitted to the worst-explained
 * observations (the n / leaves with the lowest log density under the current fit), and its gate row is set to the mean of its siblings' so it gets weight
 * again. This may lower l once; the iteration is recorded.
 */
function reinitialiseLeaf(problem: EmProblem, params: HmoeParams, leaf: number, logDensity: Float64Array): void {
    const { shape, n, X, y } = problem;
    const { k2, d } = shape;
    const L = leafCount(shape);
    const count = Math.max(d + 1, Math.floor(n / L));
    const order = Array.from({ length: n }, (_, i) => i)
        .sort((a, b) => logDensity[a] - logDensity[b])
        .slice(0, count);
    const resp = new Float64Array(n * L);
    for (const i of order) resp[i * L + leaf] = 1;
    const scratch = cloneParams(params);
    const report = expertMStep(scratch, X, y, n, d, L, resp, problem.varianceFloor);
    if (!report.emptyLeaves.includes(leaf)) {
        params.coefficients.set(scratch.coefficients.subarray(leaf * d, (leaf + 1) * d), leaf * d);
        params.variances[leaf] = scratch.variances[leaf];
    }
    const i1 = Math.floor(leaf / k2);
    resetGateRow(params.inner[i1], leaf - i1 * k2);
}

/** Sets row j of a gate level to the mean of the other rows, then re-pins the last sibling. */
function resetGateRow(level: GateLevel, j: number): void {
    const { k, p, weights, bias } = level;
    if (k < 2) return;
    for (let u = 0; u < p; u++) {
        let m = 0;
        for (let r = 0; r < k; r++) if (r !== j) m += weights[r * p + u];
        weights[j * p + u] = m / (k - 1);
    }
    let mb = 0;
    for (let r = 0; r < k; r++) if (r !== j) mb += bias[r];
    bias[j] = mb / (k - 1);
    const lastBias = bias[k - 1];
    for (let r = 0; r < k; r++) bias[r] -= lastBias;
    if (level.kind === 'softmax') {
        for (let u = 0; u < p; u++) {
            const last = weights[(k - 1) * p + u];
            for (let r = 0; r < k; r++) weights[r * p + u] -= last;
        }
    }
}

/**
 * EM from given parameters (docs/method.md §5.3): E-step in log space, experts by weighted least
 * squares, each gate level by monotone Newton / Gauss-Newton steps. Stops when the relative
 * change of l stays below the tolerance for 3 iterations, or after maxIterations M-steps.
 */
export function emIterate(
    problem: EmProblem,
    start: HmoeParams,
    options: EmFitOptions,
    restart = 0,
    stableSoFar = 0
): SingleFit {
    const { shape, n, X, Z, y } = problem;
    const { k1, k2, d } = shape;
    const L = leafCount(shape);
    const params = cloneParams(start);
    const buffers = newEStepBuffers(shape, n);
    const gate: GateStepOptions = { maxSteps: options.gateSteps ?? DEFAULT_GATE_STEPS, relativeTolerance: 1e-12 };
    const trace: number[] = [];
    const fit: SingleFit = {
        params,
        logLikelihoods: trace,
        iterations: 0,
        converged: false,
        reinitialisedAt: [],
        maxJitter: 0,
        flooredVariance: false,
        decreases: 0,
        stable: stableSoFar
    };
    let stable = stableSoFar;
    for (let iteration = 0; ; iteration++) {
        const l = eStep(shape, params, X, Z, y, n, buffers);
        if (!Number.isFinite(l)) {
            const bad = buffers.logDensity.findIndex(v => !Number.isFinite(v));
            throw new NumericalError(
                'log-likelihood',
                Math.max(0, bad),
                `EM iteration ${iteration}, log density ${buffers.logDensity[Math.max(0, bad)]}`
            );
        }
        const previous = trace.length > 0 ? trace[trace.length - 1] : undefined;
        trace.push(l);
        options.onIteration?.({ restart, iteration, logLikelihood: l });
        if (previous !== undefined) {
            if (l < previous - 1e-8 * Math.abs(previous) && !fit.reinitialisedAt.includes(iteration)) fit.decreases++;
            stable = Math.abs(l - previous) < options.tolerance * Math.abs(previous) ? stable + 1 : 0;
            fit.stable = stable;
            if (stable >= STABLE_ITERATIONS) {
                fit.converged = true;
                break;
            }
        }
        if (iteration >= options.maxIterations) break;
        const report = expertMStep(params, X, y, n, d, L, buffers.resp, problem.varianceFloor);
        fit.maxJitter = Math.max(fit.maxJitter, report.maxJitter);
        if (report.flooredLeaves.length > 0) fit.flooredVariance = true;
        maximiseGateLevel(params.outer, Z, n, { T: buffers.outerResp, stride: k1, offset: 0 }, gate);
        for (let i1 = 0; i1 < k1; i1++) {
            maximiseGateLevel(params.inner[i1], Z, n, { T: buffers.resp, stride: L, offset: i1 * k2 }, gate);
        }
        for (const leaf of report.emptyLeaves) {
            reinitialiseLeaf(problem, params, leaf, buffers.logDensity);
            fit.reinitialisedAt.push(iteration + 1);
        }
        fit.iterations = iteration + 1;
    }
    return fit;
}

/** Rows the flat-mixture start is fitted on: it only has to find the leaf groupings. */
/** Leaf groupings (closest in input space first) whose hierarchical starts are compared by log-likelihood. */
const SCORED_GROUPINGS = 10;
const FLAT_START_ROWS = 2000;
const FLAT_START_ITERATIONS = 60;

/** A random subset of `count` rows (all rows when there are fewer), in row order. */
function subsample(problem: EmProblem, count: number, rng: Rng): EmProblem {
    const { n, X, Z, y, shape } = problem;
    if (n <= count) return problem;
    const chosen = new Uint8Array(n);
    let picked = 0;
    while (picked < count) {
        const i = rng.integer(n);
        if (!chosen[i]) {
            chosen[i] = 1;
            picked++;
        }
    }
    const { d, p } = shape;
    const Xs = new Float64Array(count * d);
    const Zs = new Float64Array(count * p);
    const ys = new Float64Array(count);
    let r = 0;
    for (let i = 0; i < n; i++) {
        if (!chosen[i]) continue;
        Xs.set(X.subarray(i * d, (i + 1) * d), r * d);
        Zs.set(Z.subarray(i * p, (i + 1) * p), r * p);
        ys[r] = y[i];
        r++;
    }
    return { ...problem, n: count, X: Xs, Z: Zs, y: ys };
}

/**
 * The flat-mixture start (docs/method.md §5.3 (ii)): a one-level softmax mixture of k1 k2 experts
 * (fitted on at most 2000 random rows, at most 60 iterations: it only has to place the
 * leaves), its leaves grouped into k1 balanced groups, and the hierarchical parameters fitted
 * to its responsibilities on all rows, rearranged in group order. Candidate groupings are the
 * balanced ones of least scatter of the leaves' responsibility-weighted mean inputs; the one
 * whose fitted start has the highest log-likelihood is kept.
 */
export function flatMixtureStart(problem: EmProblem, rng: Rng, options: EmFitOptions): HmoeParams {
    const { shape, n, Z } = problem;
    const { k1, k2, p } = shape;
    const L = leafCount(shape);
    const flatShape = { ...shape, k1: 1, k2: L, outerGate: 'softmax' as const, innerGate: 'softmax' as const };
    const flatProblem: EmProblem = { ...subsample(problem, FLAT_START_ROWS, rng), shape: flatShape };
    const flatStart = paramsFromResponsibilities(flatProblem, randomPartition(flatProblem, rng));
    const flat = emIterate(flatProblem, flatStart, {
        ...options,
        maxIterations: Math.min(options.maxIterations, FLAT_START_ITERATIONS),
        tolerance: Math.max(options.tolerance, 1e-6),
        gateSteps: 1,
        onIteration: undefined
    });
    const buffers = newEStepBuffers(flatShape, n);
    eStep(flatShape, flat.params, problem.X, Z, problem.y, n, buffers);
    const features: Float64Array[] = [];
    for (let l = 0; l < L; l++) {
        const f = new Float64Array(p);
        let m = 0;
        for (let i = 0; i < n; i++) {
            const r = buffers.resp[i * L + l];
            m += r;
            for (let u = 0; u < p; u++) f[u] += r * Z[i * p + u];
        }
        for (let u = 0; u < p; u++) f[u] = m > 0 ? f[u] / m : 0;
        features.push(f);
    }
    const orders =
        k1 > 1 && k2 > 1 ? rankGroupings(features, k1, k2, SCORED_GROUPINGS) : [Array.from({ length: L }, (_, i) => i)];
    // The groupings nearest in input space are not always the ones the outer gate can separate
    // (a Laplace outer gate carves regions around centres, not half-spaces), so each candidate
    // grouping is fitted and the one whose hierarchical start has the highest log-likelihood wins.
    // Scored on all rows: a screen on the flat fit's subsample picks worse groupings (LL bench).
    const resp = new Float64Array(n * L);
    const scoreBuffers = orders.length > 1 ? newEStepBuffers(shape, n) : undefined;
    let best: HmoeParams | undefined;
    let bestLogLik = -Infinity;
    for (const order of orders) {
        for (let i = 0; i < n; i++) {
            for (let l = 0; l < L; l++) resp[i * L + l] = buffers.resp[i * L + order[l]];
        }
        const params = paramsFromResponsibilities(problem, resp);
        if (!scoreBuffers) return params;
        const logLik = eStep(shape, params, problem.X, Z, problem.y, n, scoreBuffers);
        if (best === undefined || logLik > bestLogLik) {
            best = params;
            bestLogLik = logLik;
        }
    }
    return best!;
}

/** Iterations every start gets before only the best one goes on (short-run screening). */
export const SCREEN_ITERATIONS = 40;

/** Why a run of `iterations` M-steps that ended (converged or not) under `limit` stopped. */
function stopReason(fit: SingleFit, iterations: number, limit: number): RestartStop {
    if (fit.converged) return 'converged';
    return iterations >= limit ? 'max-iterations' : 'screened';
}

/**
 * Runs a screened-out start on from where it stopped, to convergence or the iteration limit,
 * exactly as if it had never been interrupted (same trace, same convergence count).
 */
function runOn(problem: EmProblem, fit: RestartFit, options: EmFitOptions): RestartFit {
    const more = emIterate(
        problem,
        fit.params,
        { ...options, maxIterations: options.maxIterations - fit.iterations },
        fit.restart,
        fit.stable
    );
    const offset = fit.iterations;
    const iterations = fit.iterations + more.iterations;
    return {
        ...more,
        restart: fit.restart,
        initialization: fit.initialization,
        // The resumed run's first E-step recomputes the last log-likelihood at the same parameters.
        logLikelihoods: [...fit.logLikelihoods, ...more.logLikelihoods.slice(1)],
        iterations,
        reinitialisedAt: [...fit.reinitialisedAt, ...more.reinitialisedAt.map(t => t + offset)],
        maxJitter: Math.max(fit.maxJitter, more.maxJitter),
        flooredVariance: fit.flooredVariance || more.flooredVariance,
        decreases: fit.decreases + more.decreases,
        stopped: stopReason(more, iterations, options.maxIterations)
    };
}

/**
 * Fits by EM from several starts (docs/method.md §5.3): the given starts, then `restarts` seeded
 * starts (the first one the flat-mixture start when asked for, the others random partitions).
 * Restart r draws from Rng.stream(seed, `em-restart-r`), so each restart is reproducible on its own.
 *
 * Short runs then a long run (Biernacki, Celeux & Govaert 2003, CSDA 41:561): every start first
 * runs at most `screenIterations` (40) iterations, stopping earlier if it converges. Then the
 * start with the highest log-likelihood, if it stopped only because of the screen, runs on from
 * where it stopped to convergence or `maxIterations` (counted from its start); the others stay
 * where the screen left them (`stopped: 'screened'`). Should the run-on end below another
 * screened start (possible only when an emptied expert is re-initialised), that start runs on
 * too, until the highest log-likelihood belongs to a start that converged or reached the limit.
 * That start is `best`: its log-likelihood is the maximum over `restarts`. Screened starts are
 * not run to their optimum, so one of them might have ended higher; on the examples as
 * measured that never changed the kept fit by more than half a nat, while running every start
 * to the end cost 9 to 13 times as much with Laplace gates (README, "EM restarts").
 */
export function fitHmoe(problem: EmProblem, options: EmFitOptions): EmFit {
    const count = startCount(options);
    if (count === 0) throw new RangeError('EM needs at least one start');
    return finishRestarts(
        problem,
        Array.from({ length: count }, (_, restart) => screenStart(problem, options, restart)),
        options
    );
}

/** The given starts, then `restarts` seeded ones. */
export function startCount(options: EmFitOptions): number {
    return (options.starts?.length ?? 0) + options.restarts;
}

/**
 * Start `restart` run through the screen. A function of the problem, the options and the index
 * only (seeded start r draws from Rng.stream(seed, `em-restart-r`)), so the starts of one fit
 * can run on different threads and give the same fits as one after another.
 */
export function screenStart(problem: EmProblem, options: EmFitOptions, restart: number): RestartFit {
    const screenLimit = Math.min(options.maxIterations, options.screenIterations ?? SCREEN_ITERATIONS);
    const given = options.starts ?? [];
    let initialization: RestartFit['initialization'] = 'given';
    let start: HmoeParams;
    if (restart < given.length) start = given[restart];
    else {
        const r = restart - given.length;
        const rng = Rng.stream(options.seed, `em-restart-${r}`);
        initialization = options.initialization === 'flat-mixture' && r === 0 ? 'flat-mixture' : 'random';
        start =
            initialization === 'flat-mixture'
                ? flatMixtureStart(problem, rng, options)
                : paramsFromResponsibilities(problem, randomPartition(problem, rng), rng);
    }
    const fit = emIterate(problem, start, { ...options, maxIterations: screenLimit }, restart);
    return { ...fit, restart, initialization, stopped: stopReason(fit, fit.iterations, options.maxIterations) };
}

/** From the screened starts: the best one runs on, until the best is not merely screened. */
export function finishRestarts(problem: EmProblem, screened: readonly RestartFit[], options: EmFitOptions): EmFit {
    const fits = [...screened];
    const final = (f: SingleFit) => f.logLikelihoods[f.logLikelihoods.length - 1];
    for (;;) {
        let best = 0;
        for (let i = 1; i < fits.length; i++) if (final(fits[i]) > final(fits[best])) best = i;
        if (fits[best].stopped !== 'screened') {
            return { best: fits[best], restarts: fits, totalIterations: fits.reduce((a, f) => a + f.iterations, 0) };
        }
        fits[best] = runOn(problem, fits[best], options);
    }
}
