/**
 * What the sweep view draws: per setting of a `moe sweep`, each metric's value for every seed,
 * their mean, standard deviation and the standard error of the mean. Shared by the extension
 * (which builds it) and the webview (which draws it).
 */

export const SWEEP_METRICS = ['logEvidence', 'effectiveExperts', 'meanLogPredictiveDensity', 'seconds'] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** One task of a sweep: the setting it ran (`particles=20 gate.prior=hs`), its seed and its numbers. */
export interface SweepTaskRow {
    setting: string;
    seed: number;
    values: Record<SweepMetric, number | null>;
}

export interface MetricSummary {
    /** The value of every seed that has one, in seed order. */
    values: Array<{ seed: number; value: number }>;
    mean: number;
    /** Sample standard deviation over seeds (n - 1); null with fewer than two seeds. */
    sd: number | null;
    /** sd / √n: the Monte Carlo standard error of the mean; null with fewer than two seeds. */
    se: number | null;
}

export interface SweepSettingSummary {
    setting: string;
    tasks: number;
    metrics: Partial<Record<SweepMetric, MetricSummary>>;
}

export interface SweepViewData {
    /** Where the sweep was read from, as the panel prints it. */
    shown: string;
    model: { name: string };
    /** 'mixed' when a results folder holds tasks of both (the evidence is then log ML or log-likelihood per task). */
    algorithm: 'particle-learning' | 'em' | 'mixed';
    settings: SweepSettingSummary[];
    /** Files or entries that could not be read, with why (never their contents). */
    skipped: string[];
}
