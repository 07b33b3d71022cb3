/** Plot.plot with the panel's theme applied, and the pieces every chart shares. */
import * as Plot from '@observablehq/plot';
import type { Theme } from '../theme.js';

export type Chart = SVGSVGElement | HTMLElement;

export function themedPlot(theme: Theme, options: Plot.PlotOptions): Chart {
    const chart = Plot.plot({
        className: 'moe-plot',
        height: 240,
        marginLeft: 56,
        ...options,
        style: {
            color: theme.foreground,
            background: 'transparent',
            fontFamily: theme.fontFamily,
            fontSize: theme.fontSize,
            overflow: 'visible'
        }
    }) as Chart;
    // Plot adds an inline <style> the panel's CSP does not allow; results.css has its rules.
    chart.querySelectorAll('style').forEach(s => s.remove());
    return chart;
}

/** At most `max` evenly spaced indices of 0..n-1 (always keeping the last), for long series. */
export function thin(n: number, max = 600): number[] {
    if (n <= max) return Array.from({ length: n }, (_, i) => i);
    const step = n / max;
    const out: number[] = [];
    for (let k = 0; k < max; k++) out.push(Math.floor(k * step));
    if (out[out.length - 1] !== n - 1) out.push(n - 1);
    return out;
}

export function gridRule(theme: Theme): Plot.Markish {
    return Plot.gridY({ stroke: theme.grid, strokeOpacity: 1 });
}

export function expertLabel(index: number): string {
    return `expert ${index + 1}`;
}
