/**
 * The run result: what the engine returns for a plan, what `moe run --json` writes and what the
 * extension's panels draw. `schemas/result.schema.json` describes the same shape.
 */

/** 3: the particle-learning traces over time are binned (PlDiagnostics), no longer one point per observation. */
export const RESULT_VERSION = 3 as const;

export interface Interval {
    lower: number;
    upper: number;
}

export interface PredictiveSummary {
    observations: number;
    /** Sum over held-out observations of log p(y | x, training data). */
    logPredictiveDensity: number;
    /** The same divided by the number of held-out observations. */
    meanLogPredictiveDensity: number;
    rmse: number;
    /** Empirical coverage of central predictive intervals, keyed by nominal level ("0.5", "0.9"). */
    coverage: Record<string, number>;
    /**
     * Predictions with intervals for plots of predicted against observed: every held-out row when
     * there are at most 200, otherwise every `pointsEvery`-th (coverage and scores use all rows).
     * `index` is the row's 0-based position in the held-out stream.
     */
    points: Array<{ index?: number; y: number; mean: number; intervals: Record<string, Interval> }>;
    /** The spacing of the rows kept in `points`. */
    pointsEvery?: number;
}

export interface TimingSummary {
    seconds: number;
    /** Particle learning: particles x observations / seconds. */
    particleObservationsPerSecond?: number;
    /** Particle learning: CPU seconds of each filter (they may run side by side). */
    chainSeconds?: number[];
    /** EM: iterations / seconds over all restarts. */
    iterationsPerSecond?: number;
}

export interface ResultStandardization {
    inputs: string[];
    mean: number[];
    sd: number[];
    target?: { name: string; mean: number; sd: number };
    /**
     * log Jacobian of the target's z-scoring for the training rows, -n log sd: added to every
     * training log-likelihood and log evidence reported (0 when only the inputs were scaled).
     */
    logJacobian: number;
}

/**
 * The fitted mean function with its central `level` predictive band over a grid of the one input
 * (models with one input besides the intercept), and the training points to draw it over, all on
 * the data's original scale (predictive/fitted-curve.ts).
 */
export interface FittedCurve {
    input: string;
    level: number;
    x: number[];
    mean: number[];
    lower: number[];
    upper: number[];
    /** Training rows, every `every`-th (at most 500 points). */
    data: { x: number[]; y: number[]; every: number };
}

/** A data file the run read, by content. */
export interface DataDigest {
    /** Absolute path, as the plan names it. */
    path: string;
    sha256: string;
}

interface ResultBase {
    resultVersion: typeof RESULT_VERSION;
    model: { name: string; source: string };
    seed: number;
    observations: number;
    /** Names of the design columns ("(intercept)", then input names). */
    inputs: string[];
    /** The SHA-256 of each CSV file the run read (train first); absent for generated data. */
    dataFiles?: DataDigest[];
    predictive?: PredictiveSummary;
    /** Models with one input: the fitted mean and predictive band against it. */
    fittedCurve?: FittedCurve;
    timing: TimingSummary;
    /**
     * Present when the data were z-scored before fitting (training-row means and standard
     * deviations). Coefficients are on the z-scale; log-likelihoods, evidence, AIC/BIC and
     * predictive quantities are on the data's original scale.
     */
    standardization?: ResultStandardization;
    /** Things that ran but deserve attention (clamped scales, Cholesky jitter, EM not converged). */
    warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Particle learning

export interface PlExpertSummary {
    index: number;
    /** Posterior mean usage (docs/method.md §3) and a 90% interval over particles. */
    usage: number;
    usageInterval: Interval;
    coefficients: number[];
    coefficientIntervals: Interval[];
    /** Posterior mean of the noise variance (Gaussian experts). */
    noiseVariance?: number;
    /** Its central 90% posterior interval: quantiles of the mixture over particles of inverse gammas. */
    noiseVarianceInterval?: Interval;
}

export interface PlGateSummary {
    /** Sticks x design columns: posterior mean of each gate coefficient. */
    coefficients: number[][];
    /** Sticks x design columns: posterior mean shrinkage factor kappa = 1/(1 + lambda^2 tau^2). */
    shrinkage: number[][];
    /** Posterior mean of the global scale tau (horseshoe only). */
    globalScale?: number;
}

/** The effective sample size (before resampling) over each bin of observations: smallest, mean, largest. */
export interface EssBins {
    min: number[];
    mean: number[];
    max: number[];
}

/**
 * The fit over time, in bins of consecutive observations so that a result's size does not grow
 * with the data: bin b holds observations b binWidth .. (b+1) binWidth - 1 (the last bin may hold
 * fewer), at most 2,000 bins; binWidth is 1, one bin per observation, up to 2,000 observations.
 */
export interface PlDiagnostics {
    binWidth: number;
    /** Over the filters and the bin's observations (mean: over both). */
    ess: EssBins;
    /** Times the first filter resampled in each bin. */
    resamplings: number[];
    /**
     * Increment of the pooled log evidence over each bin, log mean_r Z_r(1:end of bin) -
     * log mean_r Z_r(1:end of the previous bin); they sum to the log marginal likelihood.
     */
    logEvidenceIncrements: number[];
    /** Bins x experts: mean over the bin's observations of the pooled particle-averaged allocation probabilities. */
    allocation: number[][];
    /** Every observation's diagnostics, only when asked for (`moe run --full-traces FILE`). */
    full?: FullTraces;
}

/**
 * The traces of PlDiagnostics with one row per observation: ESS min/mean/max over the filters,
 * the first filter's resamplings (0 or 1), the pooled evidence increment, the allocation. `values`
 * (rows x columns, row-major) is never in the result JSON: `moe run` writes it to `file` as
 * little-endian Float64 and keeps the columns, the rows and the file name.
 */
export interface FullTraces {
    columns: string[];
    rows: number;
    file?: string;
    values?: Float64Array;
}

/**
 * Each expert's share of the training rows per bin of consecutive rows (at most 50 bins), with
 * a central `level` band across particles (pl/usage-over-observations.ts).
 */
export interface UsageOverObservations {
    /** 1-based index of the last row of each bin; bin b holds rows binEnd[b-1]+1 .. binEnd[b]. */
    binEnd: number[];
    level: number;
    /** Bins x experts (pooled labels). */
    mean: number[][];
    lower: number[][];
    upper: number[][];
}

/** Effective number of experts of the posterior-mean usage (docs/method.md §3). */
export interface EffectiveExperts {
    /** exp of the entropy of the usage vector. */
    entropy: number;
    /** 1 / sum of squared usage. */
    inverseSimpson: number;
    /** Number of experts whose usage exceeds 1%. */
    aboveOnePercent: number;
}

/** One of the R independent filters of a particle-learning fit, its experts in pooled label order. */
export interface PlChainSummary {
    chain: number;
    seed: number;
    logMarginalLikelihood: number;
    /** Z_r / sum of Z over filters: this filter's share of the pooled posterior. */
    weight: number;
    /** labels[k]: this filter's own expert index that pooled expert k was matched with. */
    labels: number[];
    experts: PlExpertSummary[];
    /** The gate in this filter's own stick order. */
    gate: PlGateSummary;
    sortedUsage: number[];
    particleSortedUsage: number[];
    effectiveExperts: EffectiveExperts;
    /** This filter's ESS in the bins of PlDiagnostics. */
    ess: EssBins;
    /** Smallest ESS over every observation. */
    minEss: number;
}

/** An expert that looks split over two labels: near-identical coefficients, both used. */
export interface PlSplitWarning {
    /** Filter index, or -1 for the pooled posterior. */
    chain: number;
    experts: [number, number];
    /** Their usage together. */
    usage: number;
}

/**
 * Whether the filters agree (an SMC analogue of R-hat): per pooled expert,
 * sqrt(1 + between-filter variance of usage / mean within-filter posterior variance).
 */
export interface PlAgreement {
    usageRhat: number[];
    maxUsageRhat: number;
    /** Threshold above which the filters are said to disagree. */
    rhatThreshold: number;
    /** No expert is used (usage > 5%) by one filter and unused (< 1%) by another. */
    sameExperts: boolean;
    splits: PlSplitWarning[];
    /** What disagrees, in words; empty when nothing does. */
    messages: string[];
}

export interface ParticleLearningResult extends ResultBase {
    algorithm: 'particle-learning';
    particles: number;
    /** Pooled over filters (island particle filter), experts label-matched. */
    experts: PlExpertSummary[];
    /** The heaviest filter's gate (sticks cannot be relabelled); per filter in `chains`. */
    gate: PlGateSummary;
    /** Posterior-mean usage sorted in decreasing order. */
    sortedUsage: number[];
    /**
     * Posterior mean of each particle's own sorted usage: label-invariant particle by particle,
     * so label switching between particles does not spread one expert's share over two labels.
     */
    particleSortedUsage: number[];
    effectiveExperts: EffectiveExperts;
    /** log of the mean over filters of Z-hat, on the data's original scale. */
    logMarginalLikelihood: number;
    /** Its Monte Carlo standard error from the R filters (delta method); null with one filter. */
    logMarginalLikelihoodSE: number | null;
    chains: PlChainSummary[];
    agreement: PlAgreement;
    diagnostics: PlDiagnostics;
    /** One-step-ahead scores over time, binned (Gaussian experts). */
    prequential?: PlPrequential;
    /** Expert shares over bins of the training rows, with bands across particles. */
    usageOverObservations?: UsageOverObservations;
}

/**
 * The pooled one-step-ahead (prequential) predictive of each training observation, before the
 * observation is seen, in at most `PREQUENTIAL_BINS` consecutive bins of `binSize` observations
 * (the last may hold fewer): the mean log score log p(y_t | x_t, y_1:t-1) (original scale; the
 * evidence increments) and, per interval level, the fraction of y_t inside the central interval
 * of that predictive (from the PIT u_t: inside iff |u_t - 1/2| <= level / 2). With a forgetting
 * factor these score the dynamic model the filter tracks.
 */
export interface PlPrequential {
    binSize: number;
    /** 0-based index of each bin's first observation, and how many observations it holds. */
    start: number[];
    count: number[];
    meanLogScore: number[];
    /** Level (as in `predictive.coverage`, e.g. "0.9") -> per-bin coverage. */
    coverage: Record<string, number[]>;
    /** Over the whole training stream. */
    overall: { meanLogScore: number; coverage: Record<string, number> };
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
    /** On the fitted scale: in z-scored units when `standardization` is present. */
    coefficients: number[];
    /** Noise variance, on the fitted scale (times sd_y^2 on the original scale when the target was z-scored). */
    variance: number;
    /** Share of the data: mean responsibility. */
    share: number;
}

/**
 * One EM start. Every start runs at most 40 iterations (the screen), fewer if it converges; the
 * start with the highest log-likelihood then runs on, unless it converged, to convergence or the
 * iteration limit and is the fit kept, so the kept fit's log-likelihood is the maximum over the
 * restarts. The others report where the screen left them.
 */
export interface EmRestartSummary {
    restart: number;
    initialization: 'random' | 'flat-mixture';
    /** Log-likelihood where this start stopped, on the data's original scale. */
    logLikelihood: number;
    /** M-steps this start ran (the kept start's include its run-on after the screen). */
    iterations: number;
    converged: boolean;
    /**
     * Why it stopped: `converged`; `screened` (stopped after the screening iterations because
     * another start had the higher log-likelihood then: not run to its optimum); or
     * `max-iterations` (reached the iteration limit without converging). Always set by this
     * engine; optional only so that results written before it existed still read.
     */
    stopped?: 'converged' | 'screened' | 'max-iterations';
}

export interface EstimationError {
    /** Voronoi-cell loss against the true parameters (docs/method.md §5.5). */
    voronoiLoss: number;
    /** Mean absolute error of matched experts' coefficients. */
    coefficientError: number;
    /** Log-likelihood of the training data at the true parameters. */
    trueLogLikelihood: number;
}

/**
 * An EM fit. Log-likelihoods (the fit's, its trace, the restarts'), AIC/BIC and the held-out
 * predictive are on the data's original scale: when the target was z-scored they include the
 * log Jacobian -m log sd_y of their m rows (`standardization.logJacobian` for the training rows).
 * Coefficients, variances and gate weights are on the fitted scale (z-scored inputs and target
 * when `standardization` says so).
 */
export interface EmResult extends ResultBase {
    algorithm: 'em';
    converged: boolean;
    iterations: number;
    /** The kept restart's log-likelihood after every iteration (its screening iterations included). */
    logLikelihoodTrace: number[];
    logLikelihood: number;
    /** -2 logLikelihood + 2 parameters, from the original-scale log-likelihood. */
    aic: number;
    /** -2 logLikelihood + parameters log n, from the original-scale log-likelihood. */
    bic: number;
    parameters: number;
    gates: { outer: EmGateLevelFit; inner: EmGateLevelFit[] };
    experts: EmExpertFit[];
    /** Per-observation leaf responsibilities, observations x leaves (outer-major order). */
    responsibilities: number[][];
    /** Every start, in order; the kept fit is the one with the highest log-likelihood. */
    restarts: EmRestartSummary[];
    estimationError?: EstimationError;
}

export type RunResult = ParticleLearningResult | EmResult;

/** Progress reported while a run goes (CLI progress bar, extension notification and live panel). */
export interface RunProgress {
    /**
     * What the run is doing: reading the plan and data, fitting (the default when absent), or
     * computing summaries and the held-out predictive after the fit.
     */
    phase?: 'loading' | 'fitting' | 'summarising';
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
