/** Held-out predictions against the observed values, with the widest predictive interval. */
import * as Plot from '@observablehq/plot';
import type { PredictiveSummary } from '@moe-studio/engine';
import type { Theme } from '../theme.js';
import { gridRule, themedPlot, thin } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

export function predictiveChart(p: PredictiveSummary, theme: Theme, width: number): Chart {
    const levels = Object.keys(p.points[0]?.intervals ?? {}).sort((a, b) => Number(a) - Number(b));
    const widest = levels[levels.length - 1];
    const points = thin(p.points.length, 800).map(i => p.points[i]);
    const lo = Math.min(...points.map(q => Math.min(q.y, q.mean, widest ? q.intervals[widest].lower : q.mean)));
    const hi = Math.max(...points.map(q => Math.max(q.y, q.mean, widest ? q.intervals[widest].upper : q.mean)));
    const marks: Plot.Markish[] = [
        gridRule(theme),
        Plot.line(
            [
                [lo, lo],
                [hi, hi]
            ],
            { stroke: theme.muted, strokeDasharray: '4,3' }
        )
    ];
    if (widest) {
        marks.push(
            Plot.ruleX(points, {
                x: 'y',
                y1: q => q.intervals[widest].lower,
                y2: q => q.intervals[widest].upper,
                stroke: theme.accent,
                strokeOpacity: 0.35
            })
        );
    }
    marks.push(Plot.dot(points, { x: 'y', y: 'mean', r: 2.2, fill: theme.accent }));
    return themedPlot(theme, {
        width,
        height: 260,
        x: { label: 'observed y', domain: [lo, hi] },
        y: { label: 'predicted mean', domain: [lo, hi] },
        marks
    });
}
