/** Several runs of the same data side by side: sorted usage, ESS traces, evidence and EM traces. */
import * as Plot from '@observablehq/plot';
import { binEnds } from '@moe-studio/engine/result';
import type { CompletedRun } from '../../shared/messages.js';
import type { Theme } from '../theme.js';
import { seriesColor } from '../theme.js';
import { gridRule, themedPlot, thin } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

function runColors(runs: CompletedRun[], theme: Theme): Plot.ScaleOptions {
    const domain = runs.map(r => r.info.label);
    return { type: 'ordinal', domain, range: domain.map((_, i) => seriesColor(theme, i)) };
}

/** Usage sorted in decreasing order (label-invariant), one group of bars per rank. */
export function sortedUsageComparison(runs: CompletedRun[], theme: Theme, width: number): Chart | undefined {
    const rows = runs.flatMap(r =>
        r.result.algorithm === 'particle-learning'
            ? r.result.sortedUsage.map((usage, rank) => ({ run: r.info.label, rank: rank + 1, usage }))
            : [...r.result.experts.map(e => e.share)]
                  .sort((a, b) => b - a)
                  .map((usage, rank) => ({ run: r.info.label, rank: rank + 1, usage }))
    );
    if (rows.length === 0) return undefined;
    return themedPlot(theme, {
        width,
        fx: { label: 'expert rank (by usage)' },
        x: { axis: null, domain: runs.map(r => r.info.label) },
        y: { label: 'usage / share', grid: true },
        color: runColors(runs, theme),
        marks: [
            Plot.barY(rows, { fx: 'rank', x: 'run', y: 'usage', fill: 'run' }),
            Plot.ruleY([0], { stroke: theme.muted })
        ]
    });
}

export function essComparison(runs: CompletedRun[], theme: Theme, width: number): Chart | undefined {
    const rows = runs.flatMap(r => {
        if (r.result.algorithm !== 'particle-learning') return [];
        const ess = r.result.diagnostics.ess.min;
        const ends = binEnds(r.result.diagnostics, r.result.observations);
        const particles = r.result.particles;
        return thin(ess.length, 800).map(i => ({ run: r.info.label, t: ends[i], ess: ess[i] / particles }));
    });
    if (rows.length === 0) return undefined;
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'ESS / particles', domain: [0, 1] },
        color: runColors(runs, theme),
        marks: [
            gridRule(theme),
            Plot.lineY(rows, { x: 't', y: 'ess', stroke: 'run', strokeWidth: 1.1, strokeOpacity: 0.85 })
        ]
    });
}

export function evidenceComparison(runs: CompletedRun[], theme: Theme, width: number): Chart | undefined {
    const rows = runs.flatMap(r => {
        if (r.result.algorithm !== 'particle-learning') return [];
        let sum = 0;
        const cumulative = r.result.diagnostics.logEvidenceIncrements.map(v => (sum += v));
        const ends = binEnds(r.result.diagnostics, r.result.observations);
        return thin(cumulative.length, 800).map(i => ({ run: r.info.label, t: ends[i], v: cumulative[i] }));
    });
    if (rows.length === 0) return undefined;
    return themedPlot(theme, {
        width,
        x: { label: 'observation', nice: false },
        y: { label: 'log p(y₁:t)' },
        color: runColors(runs, theme),
        marks: [gridRule(theme), Plot.lineY(rows, { x: 't', y: 'v', stroke: 'run', strokeWidth: 1.3 })]
    });
}

export function emTraceComparison(runs: CompletedRun[], theme: Theme, width: number): Chart | undefined {
    const rows = runs.flatMap(r =>
        r.result.algorithm === 'em'
            ? r.result.logLikelihoodTrace.map((ll, i) => ({ run: r.info.label, iteration: i + 1, ll }))
            : []
    );
    if (rows.length === 0) return undefined;
    return themedPlot(theme, {
        width,
        x: { label: 'EM iteration', nice: false },
        y: { label: 'log-likelihood' },
        color: runColors(runs, theme),
        marks: [gridRule(theme), Plot.lineY(rows, { x: 'iteration', y: 'll', stroke: 'run', strokeWidth: 1.4 })]
    });
}
