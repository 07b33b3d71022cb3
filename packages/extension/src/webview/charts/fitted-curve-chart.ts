/** The fitted mean function with its predictive band over the training data (one-input models). */
import * as Plot from '@observablehq/plot';
import type { FittedCurve } from '@moe-studio/engine';
import type { Theme } from '../theme.js';
import { gridRule, themedPlot } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

export function fittedCurveChart(c: FittedCurve, target: string, theme: Theme, width: number): Chart {
    const grid = c.x.map((x, i) => ({ x, mean: c.mean[i], lower: c.lower[i], upper: c.upper[i] }));
    const data = c.data.x.map((x, i) => ({ x, y: c.data.y[i] }));
    return themedPlot(theme, {
        width,
        height: 280,
        x: { label: c.input },
        y: { label: target },
        marks: [
            gridRule(theme),
            Plot.areaY(grid, { x: 'x', y1: 'lower', y2: 'upper', fill: theme.accent, fillOpacity: 0.18 }),
            Plot.dot(data, { x: 'x', y: 'y', r: 2, fill: theme.muted, fillOpacity: 0.8 }),
            Plot.line(grid, { x: 'x', y: 'mean', stroke: theme.accent, strokeWidth: 2 })
        ]
    });
}
