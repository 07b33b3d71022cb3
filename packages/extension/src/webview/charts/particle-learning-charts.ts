/**
 * Charts of a particle-learning run (docs/method.md §3-4): expert usage with 90% intervals, usage over
 * time, the ESS trace with resampling marks, the running log marginal likelihood, and gate
 * shrinkage as an experts-by-inputs heat map.
 */
import * as Plot from '@observablehq/plot';
import type { ParticleLearningResult, PlGateSummary } from '@moe-studio/engine';
import type { Theme } from '../theme.js';
import { seriesColor } from '../theme.js';
import { expertLabel, gridRule, themedPlot, thin } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

/** One bar: `label` names it on the axis (default: the expert's number from 1). */
export interface UsageBar {
    expert: number;
    usage: number;
    lower?: number;
    upper?: number;
    label?: string;
}

export function expertUsageChart(
    bars: UsageBar[],
    theme: Theme,
    width: number,
    axes: { x?: string; y?: string } = {}
): Chart {
    // Experts are numbered from 1 on the axis; the axis label says what the numbers are.
    const name = (b: UsageBar) => b.label ?? String(b.expert + 1);
    return themedPlot(theme, {
        width,
        x: { label: axes.x ?? 'expert', type: 'band', domain: bars.map(name) },
        y: {
            label: axes.y ?? 'posterior mean usage',
            domain: [0, Math.max(0.05, ...bars.map(b => b.upper ?? b.usage)) * 1.08],
            grid: false
        },
        marks: [
            gridRule(theme),
            Plot.barY(bars, { x: name, y: 'usage', fill: b => seriesColor(theme, b.expert), fillOpacity: 0.85 }),
            Plot.ruleX(
                bars.filter(b => b.lower !== undefined),
                { x: name, y1: 'lower', y2: 'upper', stroke: theme.foreground, strokeWidth: 1.5 }
            ),
            Plot.tickY(
                bars.filter(b => b.lower !== undefined),
                { x: name, y: 'lower', stroke: theme.foreground }
            ),
            Plot.tickY(
                bars.filter(b => b.upper !== undefined),
                { x: name, y: 'upper', stroke: theme.foreground }
            ),
            Plot.ruleY([0], { stroke: theme.muted })
        ]
    });
}

export function usageBarsOf(result: ParticleLearningResult): UsageBar[] {
    return result.experts.map(e => ({
        expert: e.index,
        usage: e.usage,
        lower: e.usageInterval.lower,
        upper: e.usageInterval.upper
    }));
}

/**
 * Running mean of the allocation probabilities: the usage estimate after each bin. Row b is the
 * mean over a bin of counts[b] observations (one each when counts are not given).
 */
export function runningUsage(allocation: number[][], counts?: number[]): number[][] {
    const k = allocation[0]?.length ?? 0;
    const sum = new Array<number>(k).fill(0);
    let seen = 0;
    return allocation.map((a, b) => {
        const c = counts?.[b] ?? 1;
        seen += c;
        for (let j = 0; j < k; j++) sum[j] += c * (a[j] ?? 0);
        return sum.map(s => s / seen);
    });
}

/** Usage over time, stacked by expert (thinned for long runs). */
export function usageOverTimeChart(times: number[], allocation: number[][], theme: Theme, width: number): Chart {
    const k = allocation[0]?.length ?? 0;
    const rows: Array<{ t: number; expert: string; p: number }> = [];
    for (const i of thin(times.length)) {
        const a = allocation[i];
        for (let j = 0; j < k; j++) rows.push({ t: times[i], expert: expertLabel(j), p: a[j] ?? 0 });
    }
    const domain = Array.from({ length: k }, (_, j) => expertLabel(j));
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'usage', domain: [0, 1] },
        color: { type: 'ordinal', domain, range: domain.map((_, j) => seriesColor(theme, j)), legend: false },
        marks: [
            Plot.areaY(rows, { x: 't', y: 'p', fill: 'expert', order: domain, fillOpacity: 0.85 }),
            Plot.ruleY([0], { stroke: theme.muted })
        ]
    });
}

/** Up to this many resampling steps are drawn one mark each; more are drawn as a rate. */
export const RESAMPLING_MARKS_MAX = 40;
const RESAMPLING_BINS = 40;

export type ResamplingWindow = { from: number; to: number; rate: number };
/** Where the filter resampled: the 1-based steps, or the share of steps that resampled per window. */
export type ResamplingMarks = { steps: number[] } | { windows: ResamplingWindow[] };

/**
 * The resampling marks of a result's binned counts (PlDiagnostics.resamplings, `binWidth`
 * observations per bin, n in all): each step when bins are single observations and at most
 * RESAMPLING_MARKS_MAX resampled, else the share of steps that resampled in at most `windows`
 * windows of whole bins.
 */
export function resamplingMarks(
    counts: number[],
    binWidth: number,
    n: number,
    windows = RESAMPLING_BINS
): ResamplingMarks {
    const total = counts.reduce((a, c) => a + c, 0);
    if (binWidth === 1 && total <= RESAMPLING_MARKS_MAX)
        return { steps: counts.flatMap((c, t) => (c > 0 ? [t + 1] : [])) };
    const per = Math.max(1, Math.ceil(counts.length / windows));
    const out: ResamplingWindow[] = [];
    for (let b = 0; b < counts.length; b += per) {
        const from = b * binWidth,
            to = Math.min(n, (b + per) * binWidth);
        const hits = counts.slice(b, b + per).reduce((a, c) => a + c, 0);
        out.push({ from: from + 0.5, to: to + 0.5, rate: hits / Math.max(1, to - from) });
    }
    return { windows: out };
}

/**
 * The ESS over the observations (at the given times: the last observation of each bin of a
 * result), with where the filter resampled: a mark per step when there are few, else a strip
 * along the top whose shade is the share of steps that resampled in each window (a mark per step
 * would be a solid wash when the filter resamples every step).
 */
export function essChart(
    ess: number[],
    resampling: ResamplingMarks,
    particles: number | undefined,
    theme: Theme,
    width: number,
    times?: number[]
): Chart {
    const ts = times ?? ess.map((_, i) => i + 1);
    const idx = thin(ess.length, 1500);
    const points = idx.map(i => ({ t: ts[i], ess: ess[i] }));
    const top = particles ?? Math.max(1, ...ess);
    const marks: Plot.Markish[] = [gridRule(theme)];
    if ('steps' in resampling) {
        marks.push(Plot.ruleX(resampling.steps, { stroke: theme.warning, strokeOpacity: 0.35, strokeWidth: 1 }));
    } else {
        marks.push(
            Plot.rect(resampling.windows, {
                x1: 'from',
                x2: 'to',
                y1: top * 0.93,
                y2: top,
                fill: theme.warning,
                fillOpacity: d => 0.1 + 0.9 * d.rate,
                title: d => `${Math.round(100 * d.rate)}% of steps ${Math.ceil(d.from)}–${Math.floor(d.to)} resampled`
            })
        );
    }
    marks.push(Plot.lineY(points, { x: 't', y: 'ess', stroke: theme.accent, strokeWidth: 1.2 }));
    if (particles) marks.push(Plot.ruleY([particles], { stroke: theme.muted, strokeDasharray: '3,3' }));
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'effective sample size', domain: [0, top] },
        marks
    });
}

/** Running log marginal likelihood: the cumulative sum of the filter's evidence increments (at `times`, the bins' ends). */
export function logEvidenceChart(increments: number[], times: number[], theme: Theme, width: number): Chart {
    let sum = 0;
    const cumulative = increments.map(v => (sum += v));
    const idx = thin(cumulative.length, 1500);
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'log p(y₁:t)' },
        marks: [
            gridRule(theme),
            Plot.lineY(
                idx.map(i => ({ t: times[i], v: cumulative[i] })),
                { x: 't', y: 'v', stroke: theme.accent, strokeWidth: 1.4 }
            )
        ]
    });
}

/** Shrinkage factors kappa (1 = coefficient shrunk to zero) for sticks by design columns. */
export function shrinkageHeatmap(gate: PlGateSummary, inputs: string[], theme: Theme, width: number): Chart {
    const cells = gate.shrinkage.flatMap((row, k) =>
        row.map((kappa, j) => ({
            stick: `stick ${k + 1}`,
            input: inputs[j] ?? `x${j}`,
            kappa,
            coefficient: gate.coefficients[k]?.[j]
        }))
    );
    const sticks = gate.shrinkage.map((_, k) => `stick ${k + 1}`);
    return themedPlot(theme, {
        width,
        height: Math.max(120, 28 * sticks.length + 50),
        marginLeft: 64,
        padding: 0.04,
        x: { label: null, domain: inputs.slice(0, gate.shrinkage[0]?.length ?? 0), axis: 'top' },
        y: { label: null, domain: sticks },
        color: { type: 'linear', domain: [0, 1], range: [theme.accent, theme.panel], label: 'shrinkage κ' },
        marks: [
            Plot.cell(cells, { x: 'input', y: 'stick', fill: 'kappa', stroke: theme.grid }),
            Plot.text(cells, {
                x: 'input',
                y: 'stick',
                text: c => c.kappa.toFixed(2),
                fill: c => (c.kappa < 0.5 ? theme.background : theme.foreground)
            })
        ]
    });
}

/**
 * Each expert's coefficients with their 90% posterior intervals, one panel per design column:
 * which inputs each expert uses, and how sure the posterior is.
 */
export function coefficientIntervalsChart(
    result: ParticleLearningResult,
    theme: Theme,
    width: number
): Chart | undefined {
    const rows = result.experts.flatMap(e =>
        e.coefficients.map((c, j) => ({
            expert: expertLabel(e.index),
            index: e.index,
            input: result.inputs[j] ?? `x${j}`,
            mean: c,
            lower: e.coefficientIntervals[j]?.lower,
            upper: e.coefficientIntervals[j]?.upper
        }))
    );
    if (rows.length === 0) return undefined;
    const experts = result.experts.map(e => expertLabel(e.index));
    const withInterval = rows.filter(r => r.lower !== undefined && r.upper !== undefined);
    return themedPlot(theme, {
        width,
        height: Math.max(140, 22 * experts.length + 70),
        marginLeft: 70,
        fx: { label: null, domain: result.inputs },
        x: { label: 'coefficient (posterior mean, 90% interval)', nice: true, ticks: 3 },
        y: { label: null, domain: experts },
        marks: [
            Plot.ruleX([0], { stroke: theme.muted, strokeDasharray: '3,3' }),
            Plot.ruleY(withInterval, {
                fx: 'input',
                y: 'expert',
                x1: 'lower',
                x2: 'upper',
                stroke: r => seriesColor(theme, r.index),
                strokeWidth: 2
            }),
            Plot.dot(rows, { fx: 'input', y: 'expert', x: 'mean', fill: r => seriesColor(theme, r.index), r: 3.5 })
        ]
    });
}

/** Each Gaussian expert's noise variance: posterior mean (dot) and 90% interval (bar), on a log axis. */
export function noiseVarianceChart(result: ParticleLearningResult, theme: Theme, width: number): Chart | undefined {
    const rows = result.experts
        .filter(e => e.noiseVariance !== undefined && e.noiseVarianceInterval)
        .map(e => ({
            expert: expertLabel(e.index),
            index: e.index,
            mean: e.noiseVariance!,
            lower: e.noiseVarianceInterval!.lower,
            upper: e.noiseVarianceInterval!.upper
        }));
    if (rows.length === 0) return undefined;
    return themedPlot(theme, {
        width,
        height: Math.max(120, 22 * rows.length + 60),
        marginLeft: 70,
        x: { label: 'noise variance (posterior mean, 90% interval)', type: 'log' },
        y: { label: null, domain: rows.map(r => r.expert) },
        marks: [
            Plot.ruleY(rows, {
                y: 'expert',
                x1: 'lower',
                x2: 'upper',
                stroke: r => seriesColor(theme, r.index),
                strokeWidth: 2
            }),
            Plot.dot(rows, { y: 'expert', x: 'mean', fill: r => seriesColor(theme, r.index), r: 3.5 })
        ]
    });
}

/** Experts whose share reaches this in some bin are drawn; the rest would be flat lines at zero. */
const USAGE_BAND_MIN = 0.01;

/** Each expert's share of the rows per bin of observations: mean line and band across particles. */
export function usageBandsChart(result: ParticleLearningResult, theme: Theme, width: number): Chart | undefined {
    const u = result.usageOverObservations;
    if (!u || u.binEnd.length === 0) return undefined;
    const rows: Array<{ t: number; index: number; mean: number; lower: number; upper: number }> = [];
    u.binEnd.forEach((end, b) => {
        const start = b > 0 ? u.binEnd[b - 1] + 1 : 1;
        u.mean[b].forEach((mean, k) =>
            rows.push({ t: (start + end) / 2, index: k, mean, lower: u.lower[b][k], upper: u.upper[b][k] })
        );
    });
    const shown = new Set(rows.filter(r => r.upper >= USAGE_BAND_MIN).map(r => r.index));
    const drawn = rows.filter(r => shown.has(r.index));
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'share of the rows', domain: [0, 1] },
        marks: [
            gridRule(theme),
            Plot.areaY(drawn, {
                x: 't',
                y1: 'lower',
                y2: 'upper',
                z: 'index',
                fill: r => seriesColor(theme, r.index),
                fillOpacity: 0.2
            }),
            Plot.lineY(drawn, {
                x: 't',
                y: 'mean',
                z: 'index',
                stroke: r => seriesColor(theme, r.index),
                strokeWidth: 1.6
            })
        ]
    });
}
