/**
 * `moe experiment streaming-shift`: the stream of examples/streaming-shift.moe (an abrupt change
 * of regression at observation 600), filtered with static parameters (forgetting = 1) and with
 * forgetting factors lambda < 1 (memory about 1 / (1 - lambda) observations). Reported over time,
 * from each result's binned one-step-ahead trace (`prequential`): the prequential log score
 * log p(y_t | x_t, y_1:t-1) and the 50% / 90% coverage of the one-step-ahead central intervals,
 * as means over a rolling window, with the shift marked; the time to recover after the shift; the
 * one-step-ahead scores once adapted; and the held-out (post-shift) RMSE and interval coverage.
 * Recovery: the first observation after the shift at which the rolling window (wholly after the
 * shift) has a mean log score within `tolerance` nats of its level over the window before the
 * shift (log score), or a 90% coverage of at least 0.85 (coverage).
 */
import { PLAN_VERSION, type ExecutionPlan, type PlPrequential, type ShiftSource } from '@moe-studio/engine';
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import { asParticleLearning } from './hs-moe/fit-metrics.js';
import { commandLine, fixed, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const STREAMING_SEED = 7919;

export interface StreamingConfig {
    seeds: number;
    particles: number;
    chains: number;
    n: number;
    shiftAt: number;
    trainFraction: number;
    window: number;
    tolerance: number;
    forgetting: readonly number[];
}

export const STREAMING_FULL: StreamingConfig = {
    seeds: 4,
    particles: 500,
    chains: 4,
    n: 1200,
    shiftAt: 600,
    trainFraction: 0.75,
    window: 50,
    tolerance: 0.5,
    forgetting: [1, 0.99, 0.98, 0.95]
};
export const STREAMING_QUICK: StreamingConfig = { ...STREAMING_FULL, seeds: 2, particles: 150, chains: 2 };

/** The target band of the 90% coverage once a filter has adapted. */
const COVERAGE_BAND = [0.85, 0.95] as const;

export function variantName(lambda: number): string {
    return lambda === 1 ? 'static (λ = 1)' : `λ = ${lambda} (memory ${Math.round(1 / (1 - lambda))})`;
}

/** The example's model and data (examples/streaming-shift.moe), as a plan, with forgetting factor `lambda`. */
export function streamingPlan(config: StreamingConfig, lambda: number, seed: number): ExecutionPlan {
    const source: ShiftSource = {
        kind: 'shift',
        n: config.n,
        inputs: 2,
        shiftAt: config.shiftAt,
        before: { coefficients: [1, 2, -1], variance: 0.09 },
        after: { coefficients: [-1, -0.5, 1.5], variance: 0.09 },
        intercept: true,
        seed: 42
    };
    const cut = Math.round(config.trainFraction * config.n);
    return {
        planVersion: PLAN_VERSION,
        model: { name: 'streaming_shift', source: '(built-in experiment)' },
        data: {
            train: { name: 'train', source, rows: { start: 0, end: cut }, line: 1 },
            test: { name: 'test', source, rows: { start: cut, end: config.n }, line: 1 }
        },
        experts: {
            family: 'gaussian',
            count: 4,
            dimension: 3,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0], scale: 10, shape: 2, rate: 1 }
        },
        gate: {
            type: 'stick-breaking',
            prior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true }
        },
        inference: {
            algorithm: 'particle-learning',
            particles: config.particles,
            resampling: 'stratified',
            essThreshold: 0.5,
            refreshVisitedSticks: true,
            sweepEvery: 10,
            chains: config.chains,
            rejuvenateEvery: 0,
            rejuvenateSchedule: 'doubling',
            // As the compiler writes it: only when the model forgets. The one-step-ahead trace is
            // asked for by every variant (by default only forgetting filters record it).
            ...(lambda < 1 ? { forgetting: lambda } : {}),
            prequential: true,
            seed
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** Count-weighted mean of `values` over the `window` bins ending at each bin (fewer at the start). */
export function rollingMean(values: readonly number[], counts: readonly number[], window: number): number[] {
    const out: number[] = [];
    let sum = 0;
    let weight = 0;
    for (let b = 0; b < values.length; b++) {
        sum += values[b]! * counts[b]!;
        weight += counts[b]!;
        if (b >= window) {
            sum -= values[b - window]! * counts[b - window]!;
            weight -= counts[b - window]!;
        }
        out.push(sum / weight);
    }
    return out;
}

export interface StreamTrace {
    /** Bins of the trace (their last observation, 1-based) and rolling means over `windowBins` bins. */
    end: number[];
    logScore: number[];
    coverage50: number[];
    coverage90: number[];
    windowBins: number;
    /** Mean log score over the window before the shift. */
    level: number;
    /** Observations after the shift until recovery (see the module comment); null if never. */
    recoveryByScore: number | null;
    recoveryByCoverage: number | null;
    /** One-step-ahead means over the bins that start at least one window after the shift. */
    adapted: { observations: number; logScore: number; coverage50: number; coverage90: number };
}

/** Rolling means, recovery times and adapted scores of one fit's binned one-step-ahead trace. */
export function streamTrace(p: PlPrequential, shiftAt: number, window: number, tolerance: number): StreamTrace {
    const windowBins = Math.max(1, Math.round(window / p.binSize));
    const end = p.start.map((s, b) => s + p.count[b]!);
    const c50 = p.coverage['0.5'] ?? [];
    const c90 = p.coverage['0.9'] ?? [];
    const logScore = rollingMean(p.meanLogScore, p.count, windowBins);
    const coverage50 = rollingMean(c50, p.count, windowBins);
    const coverage90 = rollingMean(c90, p.count, windowBins);
    // The window before the shift: the windowBins bins that end at or before it.
    const lastBefore = end.findIndex(e => e > shiftAt) - 1;
    const level = lastBefore >= 0 ? logScore[lastBefore]! : NaN;
    const firstAfter = p.start.findIndex(s => s >= shiftAt);
    let recoveryByScore: number | null = null;
    let recoveryByCoverage: number | null = null;
    if (firstAfter >= 0) {
        // The window must lie wholly after the shift, else pre-shift rows inside it count as recovery.
        for (let b = firstAfter + windowBins - 1; b < end.length; b++) {
            if (recoveryByScore === null && logScore[b]! >= level - tolerance) recoveryByScore = end[b]! - shiftAt;
            if (recoveryByCoverage === null && coverage90[b]! >= COVERAGE_BAND[0])
                recoveryByCoverage = end[b]! - shiftAt;
        }
    }
    let observations = 0;
    const sums = [0, 0, 0];
    p.start.forEach((s, b) => {
        if (s < shiftAt + window) return;
        const c = p.count[b]!;
        observations += c;
        sums[0] += p.meanLogScore[b]! * c;
        sums[1] += c50[b]! * c;
        sums[2] += c90[b]! * c;
    });
    const at = (x: number) => (observations > 0 ? x / observations : NaN);
    return {
        end,
        logScore,
        coverage50,
        coverage90,
        windowBins,
        level,
        recoveryByScore,
        recoveryByCoverage,
        adapted: { observations, logScore: at(sums[0]!), coverage50: at(sums[1]!), coverage90: at(sums[2]!) }
    };
}

export async function runStreaming(config: StreamingConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const variants = config.forgetting.map(lambda => ({ lambda, name: variantName(lambda) }));
    const tasks: Array<FitTask & { variant: string; lambda: number; seed: number }> = variants.flatMap(v =>
        Array.from({ length: config.seeds }, (_, s) => ({
            label: `${v.name} seed ${options.seed + s}`,
            variant: v.name,
            lambda: v.lambda,
            seed: options.seed + s,
            plan: streamingPlan(config, v.lambda, options.seed + s)
        }))
    );
    const outcomes = await runFits(tasks, options);
    const fits = outcomes.map((o, i) => {
        const result = asParticleLearning(o.result);
        // A fit stored by a version without the trace is found by its plan's hash; say which file to remove.
        if (!result.prequential)
            throw new Error(
                `stored fit ${o.hash} has no one-step-ahead trace (it predates it): remove ${o.hash}.json from the results folder, or pass another --results folder`
            );
        const trace = streamTrace(result.prequential, config.shiftAt, config.window, config.tolerance);
        return {
            variant: tasks[i]!.variant,
            forgetting: tasks[i]!.lambda,
            seed: tasks[i]!.seed,
            hash: o.hash,
            trace,
            preShiftLevel: trace.level,
            recoveryByScore: trace.recoveryByScore,
            recoveryByCoverage: trace.recoveryByCoverage,
            adaptedLogScore: trace.adapted.logScore,
            adaptedCoverage50: trace.adapted.coverage50,
            adaptedCoverage90: trace.adapted.coverage90,
            heldOutMlpd: result.predictive?.meanLogPredictiveDensity ?? null,
            rmse: result.predictive?.rmse ?? null,
            coverage50: result.predictive?.coverage['0.5'] ?? null,
            coverage90: result.predictive?.coverage['0.9'] ?? null,
            logZ: result.logMarginalLikelihood,
            seconds: result.timing.seconds
        };
    });
    const fitRows = fits.map(({ trace, ...f }) => f);
    const series = fits.flatMap(f =>
        f.trace.end.map((end, b) => ({
            variant: f.variant,
            seed: f.seed,
            t: end,
            logScore: f.trace.logScore[b]!,
            coverage50: f.trace.coverage50[b]!,
            coverage90: f.trace.coverage90[b]!
        }))
    );
    const columns: Array<[keyof (typeof fitRows)[number], string, number]> = [
        ['adaptedLogScore', 'one-step log score, adapted', 3],
        ['adaptedCoverage50', 'one-step 50% cov., adapted', 3],
        ['adaptedCoverage90', 'one-step 90% cov., adapted', 3],
        ['heldOutMlpd', 'held-out mean log score', 3],
        ['rmse', 'held-out RMSE', 3],
        ['coverage50', 'held-out 50% cov.', 3],
        ['coverage90', 'held-out 90% cov.', 3]
    ];
    const summary = variants.flatMap(v =>
        columns.map(([key, label]) => ({
            variant: v.name,
            metric: String(key),
            label,
            ...meanInterval(
                fitRows
                    .filter(f => f.variant === v.name)
                    .map(f => f[key])
                    .filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
            )
        }))
    );

    const colours = ['steelblue', 'darkorange', 'seagreen', 'crimson', 'purple', 'gray'];
    const plot = (key: 'logScore' | 'coverage90', label: string, caption: string, extra: Plot.Markish[]) =>
        svgPlot({
            width: 720,
            height: 300,
            x: { label: 'observation' },
            y: { label },
            marks: [
                ...extra,
                Plot.ruleX([config.shiftAt], { stroke: 'black', strokeDasharray: '4 3' }),
                Plot.text([{ x: config.shiftAt, label: 'shift' }], {
                    x: 'x',
                    text: 'label',
                    frameAnchor: 'top',
                    dx: 16
                }),
                Plot.line(series, {
                    x: 't',
                    y: key,
                    z: (d: { variant: string; seed: number }) => `${d.variant}/${d.seed}`,
                    stroke: (d: { variant: string }) => d.variant,
                    strokeOpacity: 0.7
                }),
                // A legend drawn as text (svgPlot turns Plot's HTML legends off).
                ...variants.map((v, i) =>
                    Plot.text([v.name], {
                        text: (d: string) => d,
                        frameAnchor: 'bottom-left',
                        dx: 8,
                        dy: -8 - 14 * (variants.length - 1 - i),
                        fill: (d: string) => d
                    })
                )
            ],
            color: { domain: variants.map(v => v.name), range: colours.slice(0, variants.length) },
            caption
        });
    const plots: Record<string, string> = {};
    if (series.length > 0) {
        const each = `one line per seed, coloured by forgetting factor; dashed: the shift`;
        plots['prequential-log-score'] = plot(
            'logScore',
            `one-step-ahead log score, mean of last ${config.window}`,
            `One-step-ahead log score of each training observation, mean over the last ${config.window}; ${each}.`,
            []
        );
        plots['prequential-coverage-90'] = plot(
            'coverage90',
            `one-step-ahead 90% coverage, last ${config.window}`,
            `Share of the last ${config.window} training observations inside their one-step-ahead 90% interval; ${each}; grey: 0.85 and 0.95.`,
            [Plot.ruleY([...COVERAGE_BAND], { stroke: 'gray', strokeOpacity: 0.6 })]
        );
    }
    const command = commandLine('streaming-shift', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: STREAMING_SEED
    });
    const stopped = outcomes.length < tasks.length;
    const listed = (name: string, key: 'recoveryByScore' | 'recoveryByCoverage') =>
        fitRows
            .filter(f => f.variant === name)
            .map(f => (f[key] === null ? 'never' : String(f[key])))
            .join(', ');
    const cut = Math.round(config.trainFraction * config.n);
    const markdown = [
        `# Streaming shift: static and forgetting filters${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `The stream of \`examples/streaming-shift.moe\`: n = ${config.n}, the regression changes at observation ${config.shiftAt}; the first ${cut} rows train the filter, the rest (all after the shift) are held out. ` +
            `4 experts, horseshoe stick-breaking gate on (1, x1, x2), ${config.chains} filters × ${config.particles} particles, ${config.seeds} seeds per variant; ` +
            `forgetting factors ${config.forgetting.join(', ')} (1: static parameters). ${outcomes.length} of ${tasks.length} fits done.`,
        '',
        `"One-step" scores are prequential: each training observation scored by the filter's predictive before it sees it; "adapted" means over the training rows from ${config.shiftAt + config.window + 1} to ${cut} ` +
            `(one window of ${config.window} after the shift). Held-out scores are the predictive of the fit after row ${cut} on rows ${cut + 1}–${config.n}. Mean over seeds [95% t interval]:`,
        '',
        markdownTable(
            ['variant', ...columns.map(c => c[1])],
            variants.map(v => [
                v.name,
                ...columns.map(([key, , d]) =>
                    formatInterval(
                        summary.find(s => s.variant === v.name && s.metric === String(key))!,
                        d
                    )
                )
            ])
        ),
        '',
        `Recovery, in observations after the shift, per seed: the first window of the last ${config.window} (wholly after the shift) whose mean one-step log score is within ${config.tolerance} nats of the window before the shift (score), ` +
            `or whose one-step 90% coverage is at least ${COVERAGE_BAND[0]} (coverage). The trace is binned (${fits[0]?.trace ? `windows of ${fits[0].trace.windowBins} bins` : 'bins'}), so times are multiples of the bin size.`,
        '',
        markdownTable(
            ['variant', 'recovery (score)', 'recovery (coverage)'],
            variants.map(v => [
                v.name,
                listed(v.name, 'recoveryByScore') || '–',
                listed(v.name, 'recoveryByCoverage') || '–'
            ])
        ),
        '',
        'Per fit:',
        '',
        markdownTable(
            [
                'variant',
                'seed',
                'level before',
                'one-step log score / 90% cov., adapted',
                'held-out mlpd',
                'RMSE',
                '50% cov.',
                '90% cov.',
                's'
            ],
            fitRows.map(f => [
                f.variant,
                String(f.seed),
                fixed(f.preShiftLevel),
                `${fixed(f.adaptedLogScore)} / ${fixed(f.adaptedCoverage90)}`,
                fixed(f.heldOutMlpd),
                fixed(f.rmse),
                fixed(f.coverage50),
                fixed(f.coverage90),
                fixed(f.seconds, 1)
            ])
        ),
        '',
        'With λ < 1 the log marginal likelihood of a fit is the prequential log score of the dynamic model it tracks, not the evidence of static parameters. Not measured: the observation index as a gate input (not in the language).',
        '',
        `Plots: ${Object.keys(plots)
            .map(p => `\`${p}.svg\``)
            .join(
                ', '
            )}. Tables: \`fits.csv\`, \`summary.csv\`, \`prequential.csv\` (rolling means per bin of each fit's trace).`
    ].join('\n');
    return {
        markdown,
        tables: { fits: fitRows, summary, prequential: series },
        plots,
        data: { experiment: 'streaming-shift', command, config, seed: options.seed, fits: fitRows, summary },
        stopped
    };
}

export const streamingShift: Experiment = {
    name: 'streaming-shift',
    summary:
        'the streaming-shift example over seeds, static and with forgetting: one-step-ahead log score and coverage over time, recovery after the shift, post-shift coverage',
    run: options => {
        const base = options.quick ? STREAMING_QUICK : STREAMING_FULL;
        return runStreaming(options.replicates !== undefined ? { ...base, seeds: options.replicates } : base, options);
    }
};
