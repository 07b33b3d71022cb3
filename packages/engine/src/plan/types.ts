/**
 * The execution plan: the contract between the compiler (packages/language) and the engine.
 *
 * A plan is a fully resolved JSON document: every default is filled in, every reference is
 * resolved, every path is absolute, and nothing in it needs the grammar to understand.
 * `schemas/plan.schema.json` describes the same shape; the engine validates a plan against it
 * on load. Change both together and bump PLAN_VERSION when the shape changes incompatibly.
 */

export const PLAN_VERSION = 2 as const;

export interface ExecutionPlan {
    planVersion: typeof PLAN_VERSION;
    /** Where the plan came from: the model's name and the absolute path of its `.moe` file. */
    model: { name: string; source: string };
    data: DataSpec;
    experts: ExpertsSpec;
    gate: GateSpec;
    inference: InferenceSpec;
    /** Central predictive-interval levels to report on the held-out stream, e.g. [0.5, 0.9]. */
    predictive: { intervals: number[] };
}

// ---------------------------------------------------------------------------------------------
// Data

export interface DataSpec {
    train: StreamSpec;
    /** Held-out stream for predictive checks; absent when the model declares none. */
    test?: StreamSpec;
}

/** One stream: a source, optionally restricted to a half-open range of its rows (a split). */
export interface StreamSpec {
    /** Name of the stream declaration in the model (for messages). */
    name: string;
    source: SourceSpec;
    /** Rows [start, end) of the source, 0-based over data rows (the CSV header is not a row). */
    rows?: { start: number; end: number };
    /** 1-based line in the `.moe` file of the declaration, so errors can point back to it. */
    line: number;
}

export type SourceSpec = CsvSource | SparseExpertsSource | HierarchicalSource | ShiftSource;

export interface CsvSource {
    kind: 'csv';
    /** Absolute path. */
    path: string;
    target: string;
    /** Input columns, in the order the design vector uses them (after the intercept, if any). */
    inputs: string[];
    /** Prepend a constant 1 to every design vector. */
    intercept: boolean;
    /**
     * z-score the inputs (and the target when `standardizeTarget`) with the mean and standard
     * deviation of the training rows; the held-out rows use the training statistics.
     */
    standardize: boolean;
    standardizeTarget: boolean;
}

/**
 * The sparse-experts generator of the HS-MoE experiment (docs/method.md §4.2, HSMOE-SYN-10x3):
 * x ~ N(0, I_p); softmax gate with logits (c_k + w_k'x)/temperature, active experts on a circle
 * in the first two inputs, inactive ones with bias `inactiveBias`; Gaussian linear experts.
 */
export interface SparseExpertsSource {
    kind: 'sparse-experts';
    experts: number; // K
    active: number; // s <= K
    n: number;
    inputs: number; // p (the intercept is added by `intercept`)
    /** Noise standard deviation of the active experts (inactive ones use `inactiveNoise`). */
    noise: number;
    inactiveNoise: number;
    inactiveBias: number;
    temperature: number;
    intercept: boolean;
    seed: number;
}

export type GateKind = 'softmax' | 'laplace';

/** A gate level of the generator: one score per branch, weights (branches x p) and biases. */
export interface GateLevelTruth {
    gate: GateKind;
    weights: number[][];
    bias: number[];
}

export interface GaussianExpertTruth {
    /** Intercept first, then one slope per input. */
    coefficients: number[];
    variance: number;
}

/**
 * Two-level hierarchical generator (docs/method.md §5.5, HMOE-RATES): x ~ U[low, high]^p, first
 * level picks i1 by `outer`, second level picks i2 by `inner[i1]`, y from expert [i1][i2].
 */
export interface HierarchicalSource {
    kind: 'hierarchical';
    n: number;
    inputs: number;
    inputRange: { low: number; high: number };
    outer: GateLevelTruth;
    inner: GateLevelTruth[];
    experts: GaussianExpertTruth[][];
    intercept: boolean;
    seed: number;
}

/**
 * A linear-Gaussian stream whose coefficients change abruptly at observation `shiftAt`
 * (0-based: rows < shiftAt use `before`, rows >= shiftAt use `after`). x ~ N(0, I_p).
 */
export interface ShiftSource {
    kind: 'shift';
    n: number;
    inputs: number;
    shiftAt: number;
    before: GaussianExpertTruth;
    after: GaussianExpertTruth;
    intercept: boolean;
    seed: number;
}

// ---------------------------------------------------------------------------------------------
// Experts

export type ExpertsSpec = GaussianExpertsSpec | BernoulliExpertsSpec;

/** Gaussian linear experts with the conjugate Normal-Inverse-Gamma prior (docs/method.md §1.2). */
export interface GaussianExpertsSpec {
    family: 'gaussian';
    /** Number of experts K (for EM: outer branches x inner branches). */
    count: number;
    /** Number of columns of the design vector (intercept included). */
    dimension: number;
    prior: NigPrior;
}

/** beta | sigma2 ~ N(mean, sigma2 * scale * I), sigma2 ~ IG(shape, rate). */
export interface NigPrior {
    kind: 'normal-inverse-gamma';
    /** Prior mean of the coefficients, one per design column. */
    mean: number[];
    /** V0 = scale * I. */
    scale: number;
    shape: number;
    rate: number;
}

/** Bernoulli/logistic experts through Polya-Gamma augmentation (docs/method.md §1.6). */
export interface BernoulliExpertsSpec {
    family: 'bernoulli';
    count: number;
    dimension: number;
    /** beta ~ N(mean, variance * I). */
    prior: { kind: 'normal'; mean: number[]; variance: number };
}

// ---------------------------------------------------------------------------------------------
// Gates

export type GateSpec = StickBreakingGateSpec | HierarchicalGateSpec;

/** Stick-breaking logistic gate with K-1 sticks (docs/method.md §1.3). */
export interface StickBreakingGateSpec {
    type: 'stick-breaking';
    prior: GatePrior;
}

export type GatePrior = HorseshoeGatePrior | NormalGatePrior;

/**
 * Horseshoe on the gate coefficients (docs/method.md §1.4): phi_kj ~ N(0, lambda_kj^2 tau^2),
 * lambda_kj ~ C+(0, localScale), tau ~ C+(0, globalScale).
 */
export interface HorseshoeGatePrior {
    kind: 'horseshoe';
    globalScale: number;
    localScale: number;
    /** Whether the intercept coordinate is shrunk too (docs/method.md §1.4 option 1, the default). */
    shrinkIntercept: boolean;
}

/** The non-sparse alternative: phi_kj ~ N(mean, variance). */
export interface NormalGatePrior {
    kind: 'normal';
    mean: number;
    variance: number;
}

/** Two-level gating of a hierarchical MoE; a one-level MoE has `outer.branches === 1`. */
export interface HierarchicalGateSpec {
    type: 'hierarchical';
    outer: { gate: GateKind; branches: number };
    inner: { gate: GateKind; branches: number };
}

// ---------------------------------------------------------------------------------------------
// Inference

export type InferenceSpec = ParticleLearningSpec | EmSpec;

export type ResamplingScheme = 'multinomial' | 'systematic' | 'stratified' | 'residual';

export interface ParticleLearningSpec {
    algorithm: 'particle-learning';
    particles: number;
    resampling: ResamplingScheme;
    /** Resample when ESS < essThreshold * N; 1 resamples at (almost) every step. In (0, 1]. */
    essThreshold: number;
    /** Redraw the gate coefficients of the visited sticks after every observation. */
    refreshVisitedSticks: boolean;
    /** Full horseshoe Gibbs sweep and redraw of all sticks every this many observations. */
    sweepEvery: number;
    /** Number of independent filters R, pooled by their evidence (island particle filter). */
    chains: number;
    /**
     * Resample-move: a Gibbs sweep over each particle's past allocations (and its Polya-Gamma
     * pseudo-data and gate), leaving the posterior invariant, after observation m = this
     * (0 turns it off) and then by `rejuvenateSchedule`.
     */
    rejuvenateEvery: number;
    /**
     * 'doubling': after observations m, 2m, 4m, 8m, ... (a sweep costs as much as the rows seen,
     * so the moves together cost at most about one more pass over the data); 'every': after
     * every m observations (quadratic in n).
     */
    rejuvenateSchedule: 'doubling' | 'every';
    /**
     * Exponential forgetting factor lambda in (0, 1]: the experts' and sticks' data statistics are
     * multiplied by lambda before each observation (priors kept whole; pl/forgetting.ts). Absent
     * means 1, static parameters (plans written before the option read the same).
     */
    forgetting?: number;
    /**
     * Record the one-step-ahead (prequential) log score and interval coverage of every training
     * observation (pl/prequential.ts), binned in the result. Absent: on exactly when forgetting < 1,
     * the streaming models it is for; it costs about a tenth of the filter's time.
     */
    prequential?: boolean;
    seed: number;
}

export interface EmSpec {
    algorithm: 'em';
    maxIterations: number;
    /** Stop when the relative change in log-likelihood stays below this. */
    tolerance: number;
    restarts: number;
    /** 'flat-mixture' seeds one restart from a fitted flat mixture (docs/method.md §5.3). */
    initialization: 'random' | 'flat-mixture';
    seed: number;
}
