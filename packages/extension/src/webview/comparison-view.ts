/** The comparison page: several runs of the same data, their figures of merit and overlaid traces. */
import type { CompletedRun } from '../shared/messages.js';
import { h, table } from './dom.js';
import { figureCard } from './figure-card.js';
import type { CardContext } from './figure-card.js';
import { seriesColor } from './theme.js';
import {
    emTraceComparison,
    essComparison,
    evidenceComparison,
    sortedUsageComparison
} from './charts/comparison-charts.js';

export function renderComparison(root: HTMLElement, runs: CompletedRun[], ctx: CardContext): void {
    root.append(
        h(
            'header',
            {},
            h('h1', {}, 'Compare runs'),
            h(
                'div',
                { class: 'toolbar' },
                h('button', { on: { click: () => ctx.post({ type: 'export', format: 'json' }) } }, 'Export JSON'),
                h('button', { on: { click: () => ctx.post({ type: 'export', format: 'csv' }) } }, 'Export CSV')
            )
        )
    );
    if (runs.length === 0) {
        root.append(
            h(
                'p',
                { class: 'muted' },
                'These runs are no longer available. Use "MoE: Compare Runs of the Same Data" to pick runs again.'
            )
        );
        return;
    }
    root.append(h('p', { class: 'muted' }, `Data: ${runs[0].info.dataKey}`));
    root.append(
        table(
            [
                'run',
                'algorithm',
                'seed',
                'log marginal lik. / log-lik.',
                'effective experts',
                'AIC',
                'BIC',
                'held-out log pred. density',
                'RMSE',
                'time (s)'
            ],
            runs.map(({ info, result: r }) => [
                info.label,
                r.algorithm === 'em' ? 'EM' : `PL (${r.particles})`,
                r.seed,
                r.algorithm === 'em' ? r.logLikelihood : r.logMarginalLikelihood,
                r.algorithm === 'em' ? undefined : r.effectiveExperts.entropy,
                r.algorithm === 'em' ? r.aic : undefined,
                r.algorithm === 'em' ? r.bic : undefined,
                r.predictive?.logPredictiveDensity,
                r.predictive?.rmse,
                r.timing.seconds
            ])
        )
    );
    const legend = runs.map((r, i) => ({ label: r.info.label, color: seriesColor(ctx.theme, i) }));
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    figureCard(
        grid,
        {
            id: 'compare-sorted-usage',
            title: 'Sorted expert usage',
            legend,
            caption: "Each run's usage in decreasing order: a sparse posterior puts its mass on few experts.",
            draw: w => sortedUsageComparison(runs, ctx.theme, w)
        },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'compare-log-marginal-likelihood',
            title: 'Log marginal likelihood',
            legend,
            draw: w => evidenceComparison(runs, ctx.theme, w)
        },
        ctx
    );
    figureCard(
        grid,
        { id: 'compare-ess', title: 'Effective sample size', legend, draw: w => essComparison(runs, ctx.theme, w) },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'compare-log-likelihood',
            title: 'Log-likelihood per EM iteration',
            legend,
            draw: w => emTraceComparison(runs, ctx.theme, w)
        },
        ctx
    );
}
