/**
 * What every built-in experiment (`moe experiment NAME`) is: a name, a one-line summary, and a
 * run that returns a report (a markdown summary, SVG plots and CSV tables of every number). The
 * command writes the report folder; an experiment never writes files itself, so a report is
 * either written whole or not at all.
 */
export interface ExperimentOptions {
    /** The smaller version that finishes in a few minutes on a laptop. */
    quick: boolean;
    /** Threads of the worker pool (default: the cores available). */
    jobs: number;
    /** Base seed; replicate r of the experiment derives its seeds from it. */
    seed: number;
    /** Replicates requested on the command line, when given (overrides the experiment's own). */
    replicates?: number;
    /** Aggregated progress over all of the experiment's fits. */
    onProgress(done: number, total: number, label: string): void;
    /** Set when the user presses Ctrl-C; experiments stop starting fits and return what is done. */
    signal: AbortSignal;
    /** Folder of stored fits (the sweep's result cache), reused across runs and experiments. */
    results: string;
}

export interface ExperimentReport {
    /** `summary.md`: what was run (the exact command and configuration), what it found, with uncertainty. */
    markdown: string;
    /** File name (without `.csv`) → rows; the first row's keys are the header. */
    tables: Record<string, ReadonlyArray<Record<string, string | number | boolean | null>>>;
    /** File name (without `.svg`) → a standalone SVG document. */
    plots: Record<string, string>;
    /** Everything the report was computed from, written as `result.json`. */
    data: unknown;
    /** True when the run was stopped before every fit finished. */
    stopped: boolean;
}

export interface Experiment {
    name: string;
    summary: string;
    /** The base seed when --seed is not given (the one its README figures were made with). */
    defaultSeed?: number;
    run(options: ExperimentOptions): Promise<ExperimentReport>;
}
