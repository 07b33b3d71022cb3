/** The sweep page: one chart per metric (seeds as dots, mean ± sd over seeds) and a table. */
import { SWEEP_METRICS } from '../shared/sweep-view.js';
import type { SweepMetric, SweepViewData } from '../shared/sweep-view.js';
import { h, num, table } from './dom.js';
import { figureCard } from './figure-card.js';
import type { CardContext } from './figure-card.js';
import { sweepMetricChart } from './charts/sweep-charts.js';

export function metricLabel(metric: SweepMetric, algorithm: SweepViewData['algorithm']): string {
    switch (metric) {
        case 'logEvidence':
            return algorithm === 'em'
                ? 'log-likelihood'
                : algorithm === 'mixed'
                  ? 'log ML / log-likelihood'
                  : 'log marginal likelihood (log Ẑ)';
        case 'effectiveExperts':
            return 'effective experts';
        case 'meanLogPredictiveDensity':
            return 'held-out log score per observation';
        case 'seconds':
            return 'time (s)';
    }
}

function meanSd(s: SweepViewData['settings'][number], metric: SweepMetric, digits: number): string {
    const m = s.metrics[metric];
    if (!m) return '–';
    return m.sd === null ? num(m.mean, digits) : `${num(m.mean, digits)} ± ${num(m.sd, 2)}`;
}

export function renderSweep(root: HTMLElement, sweep: SweepViewData | undefined, ctx: CardContext): void {
    root.append(
        h(
            'header',
            {},
            h(
                'div',
                {},
                h('h1', {}, sweep ? `Sweep: ${sweep.model.name}` : 'Sweep'),
                sweep ? h('div', { class: 'muted' }, sweep.shown) : null
            )
        )
    );
    if (!sweep) {
        root.append(
            h(
                'p',
                { class: 'muted' },
                'This sweep is no longer available. Use "MoE: Open Sweep Results" to open it again.'
            )
        );
        return;
    }
    const tasks = sweep.settings.reduce((a, s) => a + s.tasks, 0);
    root.append(
        h(
            'p',
            { class: 'muted', data: { role: 'sweep-summary' } },
            `${num(sweep.settings.length)} setting${sweep.settings.length === 1 ? '' : 's'}, ${num(tasks)} task${tasks === 1 ? '' : 's'}. Dots: one seed each; diamond and bars: mean ± 1 standard deviation over the seeds of a setting.`
        )
    );
    if (sweep.skipped.length > 0) {
        root.append(
            h(
                'div',
                { class: 'banner warning', data: { role: 'skipped' } },
                `Skipped ${sweep.skipped.length} entr${sweep.skipped.length === 1 ? 'y' : 'ies'} that could not be read:`,
                h(
                    'ul',
                    {},
                    ...sweep.skipped.slice(0, 20).map(s => h('li', {}, s)),
                    sweep.skipped.length > 20 ? h('li', {}, `… and ${sweep.skipped.length - 20} more`) : null
                )
            )
        );
    }
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    for (const metric of SWEEP_METRICS) {
        const label = metricLabel(metric, sweep.algorithm);
        figureCard(
            grid,
            {
                id: `sweep-${metric}`,
                title: label[0].toUpperCase() + label.slice(1),
                caption: `Per setting: each seed's ${label} (dots), their mean (diamond) and ± 1 standard deviation over seeds (bars).`,
                draw: w => sweepMetricChart(sweep.settings, metric, label, ctx.theme, w)
            },
            ctx
        );
    }
    root.append(
        h(
            'section',
            {},
            h('h2', {}, 'Settings (mean ± standard deviation over seeds)'),
            table(
                [
                    'setting',
                    'seeds',
                    ...SWEEP_METRICS.map(m => metricLabel(m, sweep.algorithm)),
                    `${metricLabel('logEvidence', sweep.algorithm)}: s.e. of the mean`
                ],
                sweep.settings.map(s => [
                    s.setting,
                    String(s.tasks),
                    meanSd(s, 'logEvidence', 6),
                    meanSd(s, 'effectiveExperts', 3),
                    meanSd(s, 'meanLogPredictiveDensity', 4),
                    meanSd(s, 'seconds', 3),
                    s.metrics.logEvidence?.se === null || !s.metrics.logEvidence
                        ? '–'
                        : num(s.metrics.logEvidence.se, 2)
                ])
            )
        )
    );
}
