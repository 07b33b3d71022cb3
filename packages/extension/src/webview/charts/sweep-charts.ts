/** A sweep's metric per setting: every seed's value as a dot, the mean with ±1 sd error bars over seeds. */
import * as Plot from '@observablehq/plot';
import type { SweepMetric, SweepSettingSummary } from '../../shared/sweep-view.js';
import type { Theme } from '../theme.js';
import { gridRule, themedPlot } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

export function sweepMetricChart(
    settings: SweepSettingSummary[],
    metric: SweepMetric,
    label: string,
    theme: Theme,
    width: number
): Chart | undefined {
    const withMetric = settings.filter(s => s.metrics[metric]);
    if (withMetric.length === 0) return undefined;
    const seeds = withMetric.flatMap(s =>
        s.metrics[metric]!.values.map(v => ({ setting: s.setting, value: v.value, seed: v.seed }))
    );
    const means = withMetric.map(s => ({
        setting: s.setting,
        mean: s.metrics[metric]!.mean,
        sd: s.metrics[metric]!.sd,
        n: s.metrics[metric]!.values.length
    }));
    const bars = means.filter(m => m.sd !== null).map(m => ({ ...m, lower: m.mean - m.sd!, upper: m.mean + m.sd! }));
    const longest = Math.max(...withMetric.map(s => s.setting.length));
    // Error-bar caps 14 px wide: inset from a band about (plot width / settings) · (1 - padding) wide.
    const band = ((width - 56 - 20) / withMetric.length) * 0.7;
    const cap = { insetLeft: Math.max(0, band / 2 - 7), insetRight: Math.max(0, band / 2 - 7) };
    return themedPlot(theme, {
        width,
        height: 260 + (longest > 14 ? 40 : 0),
        marginBottom: longest > 14 ? 80 : 40,
        x: {
            label: 'setting',
            type: 'band',
            domain: withMetric.map(s => s.setting),
            padding: 0.3,
            tickRotate: longest > 14 ? -25 : 0
        },
        y: { label, grid: false, nice: true, inset: 8 },
        marks: [
            gridRule(theme),
            Plot.dot(seeds, {
                x: 'setting',
                y: 'value',
                r: 2.5,
                fill: theme.muted,
                fillOpacity: 0.7,
                title: d => `seed ${d.seed}: ${d.value}`
            }),
            Plot.ruleX(bars, { x: 'setting', y1: 'lower', y2: 'upper', stroke: theme.accent, strokeWidth: 2 }),
            Plot.tickY(bars, { x: 'setting', y: 'lower', stroke: theme.accent, strokeWidth: 2, ...cap }),
            Plot.tickY(bars, { x: 'setting', y: 'upper', stroke: theme.accent, strokeWidth: 2, ...cap }),
            Plot.dot(means, {
                x: 'setting',
                y: 'mean',
                r: 4.5,
                fill: theme.accent,
                symbol: 'diamond',
                title: d => `mean over ${d.n} seed(s): ${d.mean}`
            })
        ]
    });
}
