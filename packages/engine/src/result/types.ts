/**
 * The run result: what the engine returns for a plan, what `moe run --json` writes and what the
 * extension's panels draw. `schemas/result.schema.json` describes the same shape.
 */

export const RESULT_VERSION = 1 as const;

export interface Interval { lower: number; upper: number }

export interface PredictiveSummary {
    observations: number;
    /** Sum over held-out observations of log p(y | x, training data). */
    logPredictiveDensity: number;
    /** The same divided by the number of held-out observations. */
    meanLogPredictiveDensity: number;
    rmse: number;
    /** Empirical coverage of central predictive intervals, keyed by nominal level ("0.5", "0.9"). */
    coverage: Record<string, number>;
    /** Per-observation predictions, for plots of predicted against observed. */
    points: Array<{ y: number; mean: number; intervals: Record<string, Interval> }>;
}

export interface TimingSummary {
    seconds: number;
    /** Particle learning: particles x observations / seconds. */
    particleObservationsPerSecond?: number;
    /** EM: iterations / seconds over all restarts. */
    iterationsPerSecond?: number;
}

interface ResultBase {
    resultVersion: typeof RESULT_VERSION;
    model: { name: string; source: string };
    seed: number;
    observations: number;
    /** Names of the design columns ("(intercept)", then input names). */
    inputs: string[];
    predictive?: PredictiveSummary;
    timing: TimingSummary;
    /** Things that ran but deserve attention (clamped scales, Cholesky jitter, EM not converged). */
    warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Particle learning

export interface PlExpertSummary {
    index: number;
    /** Posterior mean usage (method.md §3) and a 90% interval over particles. */
    usage: number;
    usageInterval: Interval;
    coefficients: number[];
    coefficientIntervals: Interval[];
    /** Posterior mean of the noise variance (Gaussian experts). */
    noiseVariance?: number;
}

export interface PlGateSummary {
    /** Sticks x design columns: posterior mean of each gate coefficient. */
    coefficients: number[][];
    /** Sticks x design columns: posterior mean shrinkage factor kappa = 1/(1 + lambda^2 tau^2). */
    shrinkage: number[][];
    /** Posterior mean of the global scale tau (horseshoe only). */
    globalScale?: number;
}

export interface PlDiagnostics {
    /** Effective sample size after every observation (before resampling). */
    ess: number[];
    /** 0-based observation indices at which the filter resampled. */
    resampledAt: number[];
    /** Log evidence increment log p(y_t | y_1:t-1) per observation. */
    logEvidenceIncrements: number[];
    /** Particle-averaged allocation probabilities, observations x experts (for usage over time). */
    allocation: number[][];
}

export interface ParticleLearningResult extends ResultBase {
    algorithm: 'particle-learning';
    particles: number;
    experts: PlExpertSummary[];
    gate: PlGateSummary;
    /** Usage sorted in decreasing order (label-invariant summary). */
    sortedUsage: number[];
    /** Posterior mean number of experts with usage above 1%. */
    effectiveExperts: number;
    logMarginalLikelihood: number;
    diagnostics: PlDiagnostics;
}

// ---------------------------------------------------------------------------------------------
// EM for hierarchical MoE

export interface EmGateLevelFit {
    gate: 'softmax' | 'laplace';
    /** branches x inputs (softmax: slopes; Laplace: centres). */
    weights: number[][];
    bias: number[];
}

export interface EmExpertFit {
    /** Position in the tree: outer branch, inner branch (0-based). */
    outer: number;
    inner: number;
    coefficients: number[];
    variance: number;
    /** Share of the data: mean responsibility. */
    share: number;
}

export interface EmRestartSummary {
    restart: number;
    initialization: 'random' | 'flat-mixture';
    logLikelihood: number;
    iterations: number;
    converged: boolean;
}

export interface EstimationError {
    /** Voronoi-cell loss against the true parameters (method.md §5.5). */
    voronoiLoss: number;
    /** Mean absolute error of matched experts' coefficients. */
    coefficientError: number;
    /** Log-likelihood of the training data at the true parameters. */
    trueLogLikelihood: number;
}

export interface EmResult extends ResultBase {
    algorithm: 'em';
    converged: boolean;
    iterations: number;
    /** Best restart's log-likelihood after every iteration. */
    logLikelihoodTrace: number[];
    logLikelihood: number;
    aic: number;
    bic: number;
    parameters: number;
    gates: { outer: EmGateLevelFit; inner: EmGateLevelFit[] };
    experts: EmExpertFit[];
    /** Per-observation leaf responsibilities, observations x leaves (outer-major order). */
    responsibilities: number[][];
    restarts: EmRestartSummary[];
    estimationError?: EstimationError;
}

export type RunResult = ParticleLearningResult | EmResult;

/** Progress reported while a run goes (CLI progress bar, extension notification and live panel). */
export interface RunProgress {
    observationsDone: number;
    observationsTotal: number;
    /** Particle learning: ESS after the last observation. */
    ess?: number;
    /** EM: current iteration and log-likelihood. */
    iteration?: number;
    logLikelihood?: number;
    elapsedSeconds: number;
    /** Partial summary for live panels (usage so far), at a bounded rate. */
    usage?: number[];
}
