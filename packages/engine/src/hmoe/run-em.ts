import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { checkDataScale } from '../data/scale-check.js';
import type { Dataset } from '../data/dataset.js';
import { logJacobian, predictiveOnOriginalScale, resultStandardization } from '../data/original-scale.js';
import { CancelledError, PlanError } from '../errors.js';
import type { ExecutionPlan } from '../plan/types.js';
import { RESULT_VERSION, type EmGateLevelFit, type EmResult, type EstimationError } from '../result/types.js';
import type { RunHooks } from '../run-hooks.js';
import { eStep, newEStepBuffers } from './e-step.js';
import {
    atomDistance,
    leafAtoms,
    matchAtoms,
    matchedCoefficientError,
    voronoiLoss,
    type LeafAtom
} from './estimation-error.js';
import {
    finishRestarts,
    fitHmoe,
    screenStart,
    startCount,
    type EmFit,
    type EmFitOptions,
    type RestartFit
} from './fit-em.js';
import { gateInputs, leafCount, parameterCount, type GateLevel, type HmoeParams, type HmoeShape } from './model.js';
import { predictiveAtRow, predictiveSummary } from './predictive.js';
import { fittedCurve } from '../predictive/fitted-curve.js';
import { varianceFloorFor, type EmProblem } from './problem.js';
import { truthParams } from './truth.js';

const INTERCEPT = '(intercept)';

/** The model's shape from the plan, or a PlanError naming the field that does not suit EM. */
export function shapeFromPlan(plan: ExecutionPlan, train: Dataset): HmoeShape {
    if (plan.inference.algorithm !== 'em') throw new PlanError('runEm needs an EM plan', '/inference/algorithm');
    if (plan.gate.type !== 'hierarchical') {
        throw new PlanError(`EM fits softmax or Laplace gates, not a ${plan.gate.type} gate`, '/gate/type');
    }
    if (plan.experts.family !== 'gaussian') {
        throw new PlanError(`EM fits Gaussian linear experts, not ${plan.experts.family} experts`, '/experts/family');
    }
    const { outer, inner } = plan.gate;
    if (!(outer.branches >= 1 && inner.branches >= 1))
        throw new PlanError('each gate level needs at least one branch', '/gate');
    const intercept = train.columns[0] === INTERCEPT;
    return {
        k1: outer.branches,
        k2: inner.branches,
        outerGate: outer.gate,
        innerGate: inner.gate,
        d: train.d,
        p: intercept ? train.d - 1 : train.d
    };
}

/** Builds the EM problem of a training stream; throws when it has fewer observations than parameters. */
export function problemFromDataset(shape: HmoeShape, train: Dataset, warnings: string[]): EmProblem {
    const intercept = train.columns[0] === INTERCEPT;
    const parameters = parameterCount(shape);
    if (train.n <= parameters) {
        throw new PlanError(
            `the training stream '${train.name}' has ${train.n} observations but the model has ${parameters} free parameters ` +
                `(${leafCount(shape)} experts of ${shape.d + 1} and the gates); use fewer branches or more data`,
            '/data/train'
        );
    }
    const { Z } = gateInputs(train.X, train.n, train.d, intercept);
    const floor = varianceFloorFor(train.y, train.n);
    if (floor.constantTarget) {
        warnings.push(
            `the target of '${train.name}' is constant: noise variances are held at the floor ${floor.floor.toPrecision(3)}, so the log-likelihood is not comparable with other fits`
        );
    }
    const collinear = collinearColumns(train, intercept);
    if (collinear) warnings.push(collinear);
    return { shape, n: train.n, X: train.X, Z, y: train.y, varianceFloor: floor.floor };
}

/**
 * Detects (near-)collinear inputs from the eigenvalues of their correlation matrix (constant
 * columns count as collinear with the intercept). The fit still runs: the weighted
 * least-squares systems carry a ridge of 1e-10 times their mean diagonal (docs/method.md §5.3).
 */
function collinearColumns(train: Dataset, intercept: boolean): string | undefined {
    const { n, d, X, columns } = train;
    const start = intercept ? 1 : 0;
    const q = d - start;
    if (q === 0) return undefined;
    const mean = new Float64Array(q);
    const sd = new Float64Array(q);
    for (let i = 0; i < n; i++) for (let u = 0; u < q; u++) mean[u] += X[i * d + start + u] / n;
    for (let i = 0; i < n; i++) for (let u = 0; u < q; u++) sd[u] += (X[i * d + start + u] - mean[u]) ** 2 / n;
    const constant = columns.slice(start).filter((_, u) => !(sd[u] > 0));
    if (constant.length > 0) {
        return `input${constant.length > 1 ? 's' : ''} ${constant.join(', ')} ${constant.length > 1 ? 'are' : 'is'} constant (collinear with the intercept): the expert fits add a ridge of 1e-10 and the coefficients of ${constant.length > 1 ? 'these inputs' : 'this input'} are not identified`;
    }
    const C = new Matrix(q, q);
    for (let i = 0; i < n; i++) {
        for (let u = 0; u < q; u++) {
            const a = (X[i * d + start + u] - mean[u]) / Math.sqrt(sd[u]);
            for (let v = u; v < q; v++)
                C.set(u, v, C.get(u, v) + (a * (X[i * d + start + v] - mean[v])) / Math.sqrt(sd[v]) / n);
        }
    }
    for (let u = 0; u < q; u++) for (let v = 0; v < u; v++) C.set(u, v, C.get(v, u));
    const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true }).realEigenvalues;
    const min = Math.min(...eig);
    const max = Math.max(...eig);
    if (min < 1e-10 * max) {
        return `the inputs ${columns.slice(start).join(', ')} are collinear (smallest/largest eigenvalue of their correlation matrix ${Math.max(min / max, 0).toExponential(1)}): the expert fits add a ridge of 1e-10 and the individual coefficients are not identified`;
    }
    return undefined;
}

function gateLevelFit(level: GateLevel): EmGateLevelFit {
    const weights: number[][] = [];
    for (let j = 0; j < level.k; j++) weights.push(Array.from(level.weights.subarray(j * level.p, (j + 1) * level.p)));
    return { gate: level.kind, weights, bias: Array.from(level.bias) };
}

/**
 * Estimation error against the generator's truth (docs/method.md §5.5): the Voronoi loss on leaf
 * atoms, the mean absolute coefficient error of the experts matched to the truth, and the
 * log-likelihood of the training data at the true parameters.
 */
export function estimationError(
    shape: HmoeShape,
    params: HmoeParams,
    problem: EmProblem,
    train: Dataset
): EstimationError | string {
    if (train.source.kind !== 'hierarchical') return 'not a hierarchical generator';
    const truth = truthParams(train.source);
    if ('reason' in truth) return truth.reason;
    if (truth.shape.d !== shape.d || truth.shape.p !== shape.p) return "the generator's inputs do not match the design";
    const fitted = leafAtoms(shape, params, problem.Z, problem.n);
    const trueAtoms = leafAtoms(truth.shape, truth.params, problem.Z, problem.n);
    let coefficientError: number;
    if (fitted.length >= trueAtoms.length) {
        coefficientError = matchedCoefficientError(fitted, trueAtoms, matchAtoms(fitted, trueAtoms));
    } else {
        // Under-specified fit: each true expert is compared with its nearest fitted expert.
        const nearest = trueAtoms.map(t =>
            fitted.reduce((best, f, i) => (atomDistance(f, t) < atomDistance(fitted[best], t) ? i : best), 0)
        );
        coefficientError = matchedCoefficientError(fitted, trueAtoms, nearest);
    }
    const trueLogLikelihood = eStep(
        truth.shape,
        truth.params,
        problem.X,
        problem.Z,
        problem.y,
        problem.n,
        newEStepBuffers(truth.shape, problem.n)
    );
    return { voronoiLoss: voronoiLoss(fitted, trueAtoms), coefficientError, trueLogLikelihood };
}

export type { LeafAtom };

/**
 * Fits the plan's hierarchical MoE to `train` by EM (docs/method.md §5) and reports the fit, its
 * information criteria, responsibilities, held-out predictive summary and, for data from the
 * hierarchical generator, the estimation error against the truth.
 *
 * When the target was z-scored, the fit runs on the z-scale and every density reported (the
 * log-likelihood, its trace, the restarts', AIC/BIC and the held-out predictive) is put back on
 * the data's original scale with the Jacobian -n log sd_y; coefficients, variances and gates
 * stay on the fitted scale, and `standardization` says how to map them back.
 */
function emSetup(plan: ExecutionPlan, train: Dataset, hooks: RunHooks) {
    const started = performance.now();
    const shape = shapeFromPlan(plan, train);
    const spec = plan.inference;
    if (spec.algorithm !== 'em') throw new PlanError('runEm needs an EM plan', '/inference/algorithm');
    checkDataScale(train);
    const warnings: string[] = [];
    const problem = problemFromDataset(shape, train, warnings);
    // Fitted-scale log-likelihood + jacobian = log-likelihood of the data as given (0 unless the target was z-scored).
    const jacobian = logJacobian(train, train.n);
    const interval = hooks.progressIntervalMs ?? 100;
    let lastReport = -Infinity;
    let iterationsSoFar = 0;
    const options: EmFitOptions = {
        maxIterations: spec.maxIterations,
        tolerance: spec.tolerance,
        restarts: Math.max(1, spec.restarts),
        initialization: spec.initialization,
        seed: spec.seed,
        onIteration: ({ logLikelihood }) => {
            iterationsSoFar++;
            const now = performance.now();
            if (now - lastReport < interval) return;
            lastReport = now;
            if (hooks.shouldStop?.()) throw new CancelledError();
            hooks.onProgress?.({
                observationsDone: train.n,
                observationsTotal: train.n,
                iteration: iterationsSoFar,
                logLikelihood: logLikelihood + jacobian,
                elapsedSeconds: (now - started) / 1000
            });
        }
    };
    return { started, shape, spec, warnings, problem, jacobian, options };
}

export function runEm(plan: ExecutionPlan, train: Dataset, test: Dataset | undefined, hooks: RunHooks): EmResult {
    const setup = emSetup(plan, train, hooks);
    return emReport(plan, train, test, setup, fitHmoe(setup.problem, setup.options));
}

/**
 * Screens a plan's EM starts (their indices given) somewhere else, for instance on a worker
 * pool; each start is a function of the plan and its index (screenStartOf), so the fit is the
 * same bit for bit as runEm's.
 */
export type RestartScreener = (plan: ExecutionPlan, restarts: number[]) => Promise<RestartFit[]>;

/** runEm with the starts screened by `screener`; the best start's run-on and the report happen here. */
export async function runEmWith(
    screener: RestartScreener,
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    hooks: RunHooks
): Promise<EmResult> {
    const setup = emSetup(plan, train, hooks);
    const count = startCount(setup.options);
    if (count === 0) throw new RangeError('EM needs at least one start');
    const screened = await screener(
        plan,
        Array.from({ length: count }, (_, r) => r)
    );
    return emReport(plan, train, test, setup, finishRestarts(setup.problem, screened, setup.options));
}

/** Start `restart` of the plan's fit through the screen: what a pool thread runs for runEmWith. */
export function screenStartOf(plan: ExecutionPlan, train: Dataset, restart: number, hooks: RunHooks): RestartFit {
    const setup = emSetup(plan, train, { shouldStop: hooks.shouldStop, progressIntervalMs: hooks.progressIntervalMs });
    return screenStart(setup.problem, setup.options, restart);
}

function emReport(
    plan: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    setup: ReturnType<typeof emSetup>,
    fit: EmFit
): EmResult {
    const { started, shape, spec, warnings, problem, jacobian } = setup;
    const best = fit.best;
    const params = best.params;
    const L = leafCount(shape);

    const buffers = newEStepBuffers(shape, train.n);
    const logLikelihood = eStep(shape, params, problem.X, problem.Z, problem.y, problem.n, buffers) + jacobian;
    const parameters = parameterCount(shape);

    if (!best.converged) {
        const t = best.logLikelihoods;
        const last = t.length > 1 ? Math.abs(t[t.length - 1] - t[t.length - 2]) / Math.abs(t[t.length - 2]) : NaN;
        const scale = train.standardization?.target ? ' (on the fitted z-scale, where the tolerance applies)' : '';
        warnings.push(
            `EM did not converge in ${best.iterations} iterations (restart ${best.restart + 1}): the last relative change of the log-likelihood${scale} was ${last.toExponential(2)}, above the tolerance ${spec.tolerance}; raise the maximum number of iterations`
        );
    }
    const reinitialised = fit.restarts.reduce((a, r) => a + r.reinitialisedAt.length, 0);
    if (reinitialised > 0)
        warnings.push(
            `an expert lost all its data and was re-initialised ${reinitialised} time(s) over the restarts (the model may have more experts than the data support)`
        );
    const jitter = Math.max(...fit.restarts.map(r => r.maxJitter));
    if (jitter > 0)
        warnings.push(
            `an expert's weighted least-squares system was singular and needed a diagonal jitter of ${jitter} times its mean diagonal (collinear inputs within the expert's data)`
        );
    if (best.flooredVariance)
        warnings.push(
            `an expert's noise variance reached the floor ${problem.varianceFloor.toPrecision(3)} (1e-6 of the target's variance): it fits its data almost exactly`
        );
    const decreases = fit.restarts.reduce((a, r) => a + r.decreases, 0);
    if (decreases > 0)
        warnings.push(
            `the log-likelihood decreased in ${decreases} EM iteration(s) by more than 1e-8 relative, which EM should never do`
        );

    const experts = [];
    for (let i1 = 0; i1 < shape.k1; i1++) {
        for (let i2 = 0; i2 < shape.k2; i2++) {
            const l = i1 * shape.k2 + i2;
            let share = 0;
            for (let i = 0; i < train.n; i++) share += buffers.resp[i * L + l];
            experts.push({
                outer: i1,
                inner: i2,
                coefficients: Array.from(params.coefficients.subarray(l * shape.d, (l + 1) * shape.d)),
                variance: params.variances[l],
                share: share / train.n
            });
        }
    }
    const responsibilities: number[][] = [];
    for (let i = 0; i < train.n; i++) responsibilities.push(Array.from(buffers.resp.subarray(i * L, (i + 1) * L)));

    let predictive;
    if (test) {
        if (test.d !== train.d)
            throw new PlanError(
                `the held-out stream '${test.name}' has ${test.d} design columns, the training stream ${train.d}`,
                '/data/test'
            );
        const { Z } = gateInputs(test.X, test.n, test.d, test.columns[0] === INTERCEPT);
        predictive = predictiveOnOriginalScale(
            predictiveSummary(shape, params, test.X, Z, test.y, test.n, plan.predictive.intervals),
            train
        );
    }
    const curve = fittedCurve(train, predictiveAtRow(shape, params, train.columns[0] === INTERCEPT), warnings);
    let estimation: EstimationError | undefined;
    if (train.source.kind === 'hierarchical') {
        const e = estimationError(shape, params, problem, train);
        if (typeof e === 'string') warnings.push(`no estimation error against the generator: ${e}`);
        else estimation = e;
    }
    const standardization = resultStandardization(train);
    const seconds = (performance.now() - started) / 1000;
    return {
        resultVersion: RESULT_VERSION,
        algorithm: 'em',
        model: plan.model,
        seed: spec.seed,
        observations: train.n,
        inputs: train.columns,
        ...(predictive ? { predictive } : {}),
        ...(curve ? { fittedCurve: curve } : {}),
        ...(standardization ? { standardization } : {}),
        timing: { seconds, iterationsPerSecond: fit.totalIterations / seconds },
        warnings,
        converged: best.converged,
        iterations: best.iterations,
        logLikelihoodTrace: best.logLikelihoods.map(l => l + jacobian),
        logLikelihood,
        aic: -2 * logLikelihood + 2 * parameters,
        bic: -2 * logLikelihood + parameters * Math.log(train.n),
        parameters,
        gates: { outer: gateLevelFit(params.outer), inner: params.inner.map(gateLevelFit) },
        experts,
        responsibilities,
        restarts: fit.restarts.map(r => ({
            restart: r.restart,
            initialization: r.initialization === 'flat-mixture' ? 'flat-mixture' : 'random',
            logLikelihood: r.logLikelihoods[r.logLikelihoods.length - 1] + jacobian,
            iterations: r.iterations,
            converged: r.converged,
            stopped: r.stopped
        })),
        ...(estimation ? { estimationError: estimation } : {})
    };
}
