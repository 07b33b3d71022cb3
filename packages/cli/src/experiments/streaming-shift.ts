/**
 * `moe experiment streaming-shift`: the stream of examples/streaming-shift.moe (an abrupt change
 * of regression at observation 600), filtered as the example does (no moves) and with the
 * resample-move sweeps of the other examples. Reported per observation: the one-step-ahead
 * (prequential) log score log p(y_t | x_t, y_1:t-1), its running mean over a window with the
 * shift marked, the time to recover after the shift (the first t at which the windowed mean comes
 * back within `tolerance` nats of its pre-shift level), and the held-out (post-shift) RMSE and
 * interval coverage. Both variants have static parameters: the product has no forgetting factor
 * yet, so this measures what static filters do with a shift.
 */
import { PLAN_VERSION, type ExecutionPlan, type ShiftSource } from '@moe-studio/engine';
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import { asParticleLearning } from './hs-moe/fit-metrics.js';
import { commandLine, fixed, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const STREAMING_SEED = 7919;

export interface StreamingConfig { seeds: number; particles: number; chains: number; n: number; shiftAt: number; trainFraction: number; window: number; tolerance: number }

export const STREAMING_FULL: StreamingConfig = { seeds: 4, particles: 500, chains: 4, n: 1200, shiftAt: 600, trainFraction: 0.75, window: 50, tolerance: 0.5 };
export const STREAMING_QUICK: StreamingConfig = { ...STREAMING_FULL, seeds: 2, particles: 150, chains: 2 };

const VARIANTS = [
    { name: 'example (no moves)', rejuvenateEvery: 0 },
    { name: 'moves after 10, 20, 40, …', rejuvenateEvery: 10 }
];

/** The example's model and data (examples/streaming-shift.moe), as a plan. */
export function streamingPlan(config: StreamingConfig, rejuvenateEvery: number, seed: number): ExecutionPlan {
    const source: ShiftSource = {
        kind: 'shift', n: config.n, inputs: 2, shiftAt: config.shiftAt,
        before: { coefficients: [1, 2, -1], variance: 0.09 }, after: { coefficients: [-1, -0.5, 1.5], variance: 0.09 }, intercept: true, seed: 42
    };
    const cut = Math.round(config.trainFraction * config.n);
    return {
        planVersion: PLAN_VERSION,
        model: { name: 'streaming_shift', source: '(built-in experiment)' },
        data: {
            train: { name: 'train', source, rows: { start: 0, end: cut }, line: 1 },
            test: { name: 'test', source, rows: { start: cut, end: config.n }, line: 1 }
        },
        experts: { family: 'gaussian', count: 4, dimension: 3, prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0], scale: 10, shape: 2, rate: 1 } },
        gate: { type: 'stick-breaking', prior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true } },
        inference: {
            algorithm: 'particle-learning', particles: config.particles, resampling: 'stratified', essThreshold: 0.5, refreshVisitedSticks: true,
            sweepEvery: 10, chains: config.chains, rejuvenateEvery, rejuvenateSchedule: 'doubling', seed
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** Mean of the `window` values ending at each t (fewer at the start). */
export function windowedMean(values: readonly number[], window: number): number[] {
    const out: number[] = [];
    let sum = 0;
    for (let t = 0; t < values.length; t++) {
        sum += values[t]!;
        if (t >= window) sum -= values[t - window]!;
        out.push(sum / Math.min(t + 1, window));
    }
    return out;
}

/**
 * Observations after the shift until the windowed mean is back within `tolerance` of the
 * pre-shift level (the mean score over the `window` rows before the shift); null if never.
 */
export function recoveryTime(scores: readonly number[], shiftAt: number, window: number, tolerance: number): { level: number; recovery: number | null } {
    const before = scores.slice(Math.max(0, shiftAt - window), shiftAt);
    const level = before.reduce((a, b) => a + b, 0) / before.length;
    const rolling = windowedMean(scores, window);
    // The window must lie wholly after the shift, else the pre-shift rows inside it count as recovery.
    for (let t = shiftAt + window - 1; t < scores.length; t++) if (rolling[t]! >= level - tolerance) return { level, recovery: t - shiftAt + 1 };
    return { level, recovery: null };
}

export async function runStreaming(config: StreamingConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const tasks: Array<FitTask & { variant: string; seed: number }> = VARIANTS.flatMap(v => Array.from({ length: config.seeds }, (_, s) => ({
        label: `${v.name} seed ${options.seed + s}`, variant: v.name, seed: options.seed + s, plan: streamingPlan(config, v.rejuvenateEvery, options.seed + s)
    })));
    const outcomes = await runFits(tasks, options);
    const fits = outcomes.map((o, i) => {
        const result = asParticleLearning(o.result);
        const scores = result.diagnostics.logEvidenceIncrements;
        const { level, recovery } = recoveryTime(scores, config.shiftAt, config.window, config.tolerance);
        const post = scores.slice(config.shiftAt);
        return {
            variant: tasks[i]!.variant, seed: tasks[i]!.seed, hash: o.hash, scores,
            preShiftLevel: level, recoveryObservations: recovery,
            meanPrequentialBefore: scores.slice(0, config.shiftAt).reduce((a, b) => a + b, 0) / config.shiftAt,
            meanPrequentialAfter: post.reduce((a, b) => a + b, 0) / Math.max(1, post.length),
            heldOutMlpd: result.predictive?.meanLogPredictiveDensity ?? null, rmse: result.predictive?.rmse ?? null,
            coverage50: result.predictive?.coverage['0.5'] ?? null, coverage90: result.predictive?.coverage['0.9'] ?? null,
            logZ: result.logMarginalLikelihood, seconds: result.timing.seconds
        };
    });
    const fitRows = fits.map(({ scores, ...f }) => f);
    const series = fits.flatMap(f => windowedMean(f.scores, config.window).map((m, t) => ({ variant: f.variant, seed: f.seed, t: t + 1, score: f.scores[t]!, windowed: m })));
    const columns: Array<[keyof (typeof fitRows)[number], string, number]> = [
        ['meanPrequentialBefore', 'prequential log score, before the shift', 3], ['meanPrequentialAfter', 'after the shift (training rows)', 3],
        ['heldOutMlpd', 'held-out mean log score', 3], ['rmse', 'held-out RMSE', 3], ['coverage50', '50% coverage', 3], ['coverage90', '90% coverage', 3]
    ];
    const summary = VARIANTS.flatMap(v => columns.map(([key, label]) => ({
        variant: v.name, metric: String(key), label,
        ...meanInterval(fitRows.filter(f => f.variant === v.name).map(f => f[key]).filter((x): x is number => typeof x === 'number'))
    })));

    const plots: Record<string, string> = {};
    if (series.length > 0) {
        const thinned = series.filter(s => s.t % 3 === 0);
        plots['prequential-log-score'] = svgPlot({
            width: 720, height: 300,
            x: { label: 'observation' }, y: { label: `prequential log score, mean of last ${config.window}` },
            marks: [
                Plot.ruleX([config.shiftAt], { stroke: 'crimson', strokeDasharray: '4 3' }),
                Plot.text([{ x: config.shiftAt, label: 'shift' }], { x: 'x', text: 'label', frameAnchor: 'top', dx: 16, fill: 'crimson' }),
                Plot.line(thinned, { x: 't', y: 'windowed', z: (d: { variant: string; seed: number }) => `${d.variant}/${d.seed}`, stroke: (d: { variant: string }) => d.variant, strokeOpacity: 0.8 }),
                // A legend drawn as text (svgPlot turns Plot's HTML legends off).
                ...VARIANTS.map((v, i) => Plot.text([v.name], { text: (d: string) => d, frameAnchor: 'bottom-left', dx: 8, dy: -8 - 14 * (VARIANTS.length - 1 - i), fill: (d: string) => d }))
            ],
            color: { domain: VARIANTS.map(v => v.name), range: ['steelblue', 'darkorange'] },
            caption: `One-step-ahead log score of each training observation, mean over the last ${config.window}; blue: the example (no moves), orange: with moves. Dashed: the shift.`
        });
    }
    const command = commandLine('streaming-shift', { quick: options.quick, seed: options.seed, replicates: options.replicates, defaultSeed: STREAMING_SEED });
    const stopped = outcomes.length < tasks.length;
    const recoveries = (name: string) => fitRows.filter(f => f.variant === name).map(f => (f.recoveryObservations === null ? 'never' : String(f.recoveryObservations))).join(', ');
    const markdown = [
        `# Streaming shift: static filters${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `The stream of \`examples/streaming-shift.moe\`: n = ${config.n}, the regression changes at observation ${config.shiftAt}; the first ${Math.round(config.trainFraction * config.n)} rows train the filter, the rest (all after the shift) are held out. `
        + `4 experts, horseshoe stick-breaking gate on (1, x1, x2), ${config.chains} filters × ${config.particles} particles, ${config.seeds} seeds per variant. ${outcomes.length} of ${tasks.length} fits done.`,
        '',
        'Mean over seeds [95% t interval]:',
        '',
        markdownTable(['variant', ...columns.map(c => c[1])], VARIANTS.map(v => [v.name, ...columns.map(([key, , d]) => formatInterval(summary.find(s => s.variant === v.name && s.metric === String(key))!, d))])),
        '',
        `Recovery (observations after the shift until the mean prequential score of the last ${config.window} is within ${config.tolerance} nats of its level before the shift): `
        + VARIANTS.map(v => `${v.name}: ${recoveries(v.name) || '–'}`).join('; ') + '.',
        '',
        'Per fit:',
        '',
        markdownTable(['variant', 'seed', 'level before', 'recovery (obs.)', 'held-out mlpd', 'RMSE', '50% cov.', '90% cov.', 's'],
            fitRows.map(f => [f.variant, String(f.seed), fixed(f.preShiftLevel), f.recoveryObservations === null ? 'never' : String(f.recoveryObservations), fixed(f.heldOutMlpd), fixed(f.rmse), fixed(f.coverage50), fixed(f.coverage90), fixed(f.seconds, 1)])),
        '',
        'Not measured: interval coverage over time (the run result keeps one-step-ahead log scores per observation, not one-step-ahead intervals), and a forgetting factor or a time input to the gate, which the language does not have yet.',
        '',
        `Plots: ${Object.keys(plots).map(p => `\`${p}.svg\``).join(', ')}. Tables: \`fits.csv\`, \`summary.csv\`, \`prequential.csv\` (every observation's score).`
    ].join('\n');
    return { markdown, tables: { fits: fitRows, summary, prequential: series }, plots, data: { experiment: 'streaming-shift', command, config, seed: options.seed, fits: fitRows, summary }, stopped };
}

export const streamingShift: Experiment = {
    name: 'streaming-shift',
    summary: 'the streaming-shift example over seeds: prequential log score over time, recovery after the shift, post-shift coverage (static filters)',
    run: options => {
        const base = options.quick ? STREAMING_QUICK : STREAMING_FULL;
        return runStreaming(options.replicates !== undefined ? { ...base, seeds: options.replicates } : base, options);
    }
};
