/** The results page of one model: the run in progress (live) and the last good result. */
import {
    binCounts,
    binEnds,
    type EmResult,
    type ParticleLearningResult,
    type RunProgress,
    type RunResult
} from '@moe-studio/engine/result';
import type { CompletedRun, InputRange, ResultsViewState, RunInfo } from '../shared/messages.js';
import { h, interval, num, table } from './dom.js';
import { figureCard } from './figure-card.js';
import type { CardContext } from './figure-card.js';
import { seriesColor } from './theme.js';
import {
    coefficientIntervalsChart,
    essChart,
    expertUsageChart,
    logEvidenceChart,
    noiseVarianceChart,
    resamplingMarks,
    runningUsage,
    shrinkageHeatmap,
    usageBandsChart,
    usageBarsOf,
    usageOverTimeChart
} from './charts/particle-learning-charts.js';
import { predictiveChart } from './charts/predictive-chart.js';
import { fittedCurveChart } from './charts/fitted-curve-chart.js';
import { gateInputNames, gatingChart, logLikelihoodChart } from './charts/em-charts.js';
import { expertLabel } from './charts/plot-frame.js';

/** What the webview gathers from progress messages while a run goes. */
export interface LiveTrace {
    runId: string;
    essTimes: number[];
    ess: number[];
    usageTimes: number[];
    usage: number[][];
    logLikelihood: Array<{ iteration: number; logLikelihood: number }>;
    last?: RunProgress;
}

export function emptyTrace(runId: string): LiveTrace {
    return { runId, essTimes: [], ess: [], usageTimes: [], usage: [], logLikelihood: [] };
}

export function addProgress(trace: LiveTrace, p: RunProgress): void {
    trace.last = p;
    if (p.ess !== undefined) {
        trace.essTimes.push(p.observationsDone);
        trace.ess.push(p.ess);
    }
    if (p.usage) {
        trace.usageTimes.push(p.observationsDone);
        trace.usage.push(p.usage.slice());
    }
    if (p.iteration !== undefined && p.logLikelihood !== undefined) {
        const last = trace.logLikelihood[trace.logLikelihood.length - 1];
        if (!last || last.iteration !== p.iteration)
            trace.logLikelihood.push({ iteration: p.iteration, logLikelihood: p.logLikelihood });
    }
}

function stat(label: string, value: string, title?: string): HTMLElement {
    return h(
        'div',
        { class: 'stat', title },
        h('div', { class: 'stat-label' }, label),
        h('div', { class: 'stat-value' }, value)
    );
}

function progressLine(p: RunProgress | undefined): string {
    if (!p) return 'Starting…';
    if (p.iteration !== undefined) {
        return [
            `${num(p.observationsTotal)} observations`,
            `EM iteration ${p.iteration}`,
            p.logLikelihood !== undefined ? `log-likelihood ${num(p.logLikelihood, 8)}` : '',
            `${num(p.elapsedSeconds, 2)} s so far`
        ]
            .filter(Boolean)
            .join(' · ');
    }
    if (p.phase === 'loading') return 'loading the plan and data';
    const parts = [`${num(p.observationsDone)} / ${num(p.observationsTotal)} observations`];
    if (p.phase === 'summarising') return `${parts[0]} · summaries and held-out predictive`;
    if (p.ess !== undefined) parts.push(`ESS ${num(Math.round(p.ess))}`);
    const f = p.observationsTotal > 0 ? p.observationsDone / p.observationsTotal : 0;
    if (f > 0 && f < 1) parts.push(`about ${num(Math.max(0, (p.elapsedSeconds * (1 - f)) / f), 2)} s left`);
    // The held-out predictions and summaries that follow the last observation report no progress.
    if (f >= 1) parts.push('filtering done; computing held-out predictions and summaries…');
    return parts.join(' · ');
}

export function renderLive(
    root: HTMLElement,
    state: ResultsViewState,
    trace: LiveTrace | undefined,
    ctx: CardContext
): void {
    const running = state.running;
    if (!running) return;
    const p = trace?.last ?? running.progress;
    const fraction =
        p && p.iteration === undefined && p.observationsTotal > 0 ? p.observationsDone / p.observationsTotal : 0;
    const bar = h('div', {});
    bar.style.width = `${Math.round(100 * fraction)}%`;
    root.append(
        h(
            'div',
            { class: 'banner info', data: { live: 'status' } },
            h('strong', {}, `Running ${running.info.label}`),
            ' — ',
            h('span', { data: { live: 'progress' } }, progressLine(p)),
            h('div', { class: 'progress' }, bar)
        )
    );
    if (!trace) return;
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    const last = trace.usage[trace.usage.length - 1];
    if (last) {
        figureCard(
            grid,
            {
                id: 'live-usage',
                title: 'Expert usage so far',
                draw: w =>
                    expertUsageChart(
                        last.map((usage, expert) => ({ expert, usage })),
                        ctx.theme,
                        w
                    )
            },
            ctx
        );
        if (trace.usage.length > 1) {
            figureCard(
                grid,
                {
                    id: 'live-usage-over-time',
                    title: 'Usage over time (so far)',
                    legend: last.map((_, j) => ({ label: expertLabel(j), color: seriesColor(ctx.theme, j) })),
                    draw: w => usageOverTimeChart(trace.usageTimes, trace.usage, ctx.theme, w)
                },
                ctx
            );
        }
    }
    if (trace.ess.length > 1) {
        figureCard(
            grid,
            {
                id: 'live-ess',
                title: 'Effective sample size (so far)',
                draw: w => essChart(trace.ess, { steps: [] }, running.info.particles, ctx.theme, w, trace.essTimes)
            },
            ctx
        );
    }
    if (trace.logLikelihood.length > 1) {
        figureCard(
            grid,
            {
                id: 'live-log-likelihood',
                title: 'Log-likelihood per EM iteration (so far)',
                draw: w => logLikelihoodChart(trace.logLikelihood, ctx.theme, w)
            },
            ctx
        );
    }
}

function particleLearningSection(root: HTMLElement, r: ParticleLearningResult, ctx: CardContext): void {
    const d = r.diagnostics;
    const resampled = d.resamplings.reduce((a, c) => a + c, 0);
    if (r.agreement.messages.length > 0) {
        root.append(
            h(
                'div',
                { class: 'banner warning', data: { role: 'agreement' } },
                h('strong', {}, `The ${r.chains.length} filters disagree`),
                ': more particles, more filters or moves (rejuvenate_every) are needed before these summaries can be trusted.',
                h('ul', {}, ...r.agreement.messages.map(m => h('li', {}, m)))
            )
        );
    }
    root.append(
        h(
            'div',
            { class: 'stats' },
            stat('observations', num(r.observations)),
            stat('particles', num(r.particles)),
            stat(
                'log marginal likelihood',
                num(r.logMarginalLikelihood, 6) +
                    (r.logMarginalLikelihoodSE !== null ? ` ± ${num(r.logMarginalLikelihoodSE, 2)}` : ''),
                'log of the mean over filters of their estimates of p(y₁:n), ± its Monte Carlo standard error'
            ),
            stat(
                'effective experts',
                num(r.effectiveExperts.entropy, 3),
                `exp of the entropy of posterior-mean usage; inverse Simpson ${num(r.effectiveExperts.inverseSimpson, 3)}; ${r.effectiveExperts.aboveOnePercent} experts above 1% usage`
            ),
            stat(
                'filters',
                num(r.chains.length),
                r.agreement.messages.length > 0
                    ? `Disagree: ${r.agreement.messages.join('; ')}`
                    : `Agree (largest usage R-hat ${num(r.agreement.maxUsageRhat, 3)})`
            ),
            stat('resampled', `${num(resampled)}×`),
            r.gate.globalScale !== undefined ? stat('global scale τ', num(r.gate.globalScale, 3)) : null,
            ...predictiveStats(r),
            stat(
                'time',
                `${num(r.timing.seconds, 3)} s`,
                r.timing.particleObservationsPerSecond
                    ? `${num(r.timing.particleObservationsPerSecond, 3)} particle-observations per second`
                    : undefined
            )
        )
    );
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    const ends = binEnds(d, r.observations);
    const experts = r.experts.map(e => ({ label: expertLabel(e.index), color: seriesColor(ctx.theme, e.index) }));
    fittedCurveCard(grid, r, ctx);
    figureCard(
        grid,
        {
            id: 'expert-usage',
            title: 'Posterior expert usage',
            caption: 'Bars: posterior mean usage; whiskers: 90% interval over particles.',
            draw: w => expertUsageChart(usageBarsOf(r), ctx.theme, w)
        },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'usage-over-time',
            title: 'Usage over time',
            legend: experts,
            caption:
                'Usage estimate after t observations: running mean of the particle-averaged allocation probabilities.',
            draw: w =>
                d.allocation.length
                    ? usageOverTimeChart(ends, runningUsage(d.allocation, binCounts(d, r.observations)), ctx.theme, w)
                    : undefined
        },
        ctx
    );
    if (r.usageOverObservations) {
        const bins = r.usageOverObservations.binEnd.length;
        figureCard(
            grid,
            {
                id: 'usage-over-observations',
                title: 'Usage over observations',
                legend: experts,
                caption: `Each expert's share of the rows in ${bins} bins of consecutive observations under the final posterior: line, posterior mean; band, ${Math.round(r.usageOverObservations.level * 100)}% interval across particles. Experts below 1% everywhere are left out.`,
                draw: w => usageBandsChart(r, ctx.theme, w)
            },
            ctx
        );
    }
    const marks = resamplingMarks(d.resamplings, d.binWidth, r.observations);
    const resampling =
        'steps' in marks
            ? 'vertical marks: resampling steps'
            : `strip at the top: share of steps that resampled in each window (darker = more often; ${num(resampled)} of ${num(r.observations)} steps in all)`;
    const binned =
        d.binWidth > 1 ? `smallest in each bin of ${num(d.binWidth)} observations` : 'after each observation';
    figureCard(
        grid,
        {
            id: 'ess',
            title: 'Effective sample size',
            caption: `ESS ${binned}; ${resampling}; dashed: number of particles.`,
            draw: w => (d.ess.min.length ? essChart(d.ess.min, marks, r.particles, ctx.theme, w, ends) : undefined)
        },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'log-marginal-likelihood',
            title: 'Log marginal likelihood',
            caption: `Running sum of log p(yₜ | y₁:ₜ₋₁); final ${num(r.logMarginalLikelihood, 6)}.`,
            draw: w =>
                d.logEvidenceIncrements.length
                    ? logEvidenceChart(d.logEvidenceIncrements, ends, ctx.theme, w)
                    : undefined
        },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'gate-shrinkage',
            title: 'Gate shrinkage (sticks × inputs)',
            caption: 'κ = 1/(1 + λ²τ²): 1 means the gate coefficient is shrunk to zero, 0 means it is left free.',
            draw: w => (r.gate.shrinkage.length ? shrinkageHeatmap(r.gate, r.inputs, ctx.theme, w) : undefined)
        },
        ctx
    );
    figureCard(
        grid,
        {
            id: 'coefficients',
            title: 'Expert coefficients',
            caption:
                "Posterior mean (dot) and 90% interval (bar) of each expert's coefficient on each design column; dashed: zero.",
            draw: w => coefficientIntervalsChart(r, ctx.theme, w)
        },
        ctx
    );
    if (r.experts.some(e => e.noiseVarianceInterval)) {
        figureCard(
            grid,
            {
                id: 'noise-variances',
                title: 'Expert noise variances',
                caption:
                    "Posterior mean (dot) and 90% interval (bar) of each expert's noise variance, on the fitted scale; log axis.",
                draw: w => noiseVarianceChart(r, ctx.theme, w)
            },
            ctx
        );
    }
    predictiveCard(grid, r, ctx);
    root.append(
        h(
            'section',
            {},
            h('h2', {}, 'Experts'),
            table(
                ['expert', 'usage', '90% interval', 'noise variance', ...r.inputs],
                r.experts.map(e => [
                    expertLabel(e.index),
                    num(e.usage, 3),
                    interval(e.usageInterval.lower, e.usageInterval.upper),
                    e.noiseVarianceInterval
                        ? `${num(e.noiseVariance, 3)} [${interval(e.noiseVarianceInterval.lower, e.noiseVarianceInterval.upper, 3, ', ')}]`
                        : num(e.noiseVariance, 3),
                    ...e.coefficients.map(
                        (c, j) =>
                            `${num(c, 3)} [${interval(e.coefficientIntervals[j]?.lower, e.coefficientIntervals[j]?.upper, 3, ', ')}]`
                    )
                ])
            )
        )
    );
    if (r.chains.length > 1) {
        root.append(
            h(
                'section',
                {},
                h('h2', {}, 'Filters'),
                h(
                    'p',
                    { class: 'muted' },
                    `Pooled by evidence: filter r weighs Ẑ_r / ΣẐ. Experts label-matched to the heaviest filter. Largest usage R-hat ${num(r.agreement.maxUsageRhat, 3)} (disagreement above ${r.agreement.rhatThreshold}).`
                ),
                table(
                    [
                        'filter',
                        'seed',
                        'log marginal likelihood',
                        'weight',
                        'min ESS',
                        'effective experts',
                        'sorted usage (top 4)'
                    ],
                    r.chains.map(c => [
                        `filter ${c.chain + 1}`,
                        String(c.seed),
                        c.logMarginalLikelihood,
                        c.weight,
                        c.minEss,
                        c.effectiveExperts.entropy,
                        c.sortedUsage
                            .slice(0, 4)
                            .map(u => num(u, 3))
                            .join(' ')
                    ])
                )
            )
        );
    }
    root.append(
        h(
            'section',
            {},
            h(
                'h2',
                {},
                r.chains.length > 1
                    ? 'Gate coefficients of the heaviest filter (posterior means)'
                    : 'Gate coefficients (posterior means)'
            ),
            table(
                ['stick', ...r.inputs],
                r.gate.coefficients.map((row, k) => [`stick ${k + 1}`, ...row])
            )
        )
    );
}

function predictiveStats(r: RunResult): HTMLElement[] {
    const p = r.predictive;
    if (!p) return [];
    return [
        stat(
            'held-out log pred. density',
            num(p.logPredictiveDensity, 6),
            `${num(p.meanLogPredictiveDensity, 4)} per observation over ${p.observations} observations`
        ),
        stat('held-out RMSE', num(p.rmse, 4)),
        ...Object.entries(p.coverage).map(([level, c]) =>
            stat(`coverage of ${Math.round(Number(level) * 100)}% intervals`, num(c, 3))
        )
    ];
}

/** One-input models: the fitted mean and its predictive band over the training points. */
function fittedCurveCard(grid: HTMLElement, r: RunResult, ctx: CardContext): void {
    const c = r.fittedCurve;
    if (!c || c.x.length === 0) return;
    const shown = c.data.every > 1 ? ` Every ${c.data.every}th of the ${num(r.observations)} training rows shown.` : '';
    figureCard(
        grid,
        {
            id: 'fitted-curve',
            title: `Fitted mean against ${c.input}`,
            caption: `Line: posterior predictive mean; band: ${Math.round(c.level * 100)}% predictive interval; dots: training data (original scale).${shown}`,
            draw: w => fittedCurveChart(c, r.standardization?.target?.name ?? 'y', ctx.theme, w)
        },
        ctx
    );
}

function predictiveCard(grid: HTMLElement, r: RunResult, ctx: CardContext): void {
    const p = r.predictive;
    if (!p || p.points.length === 0) return;
    const levels = Object.keys(p.points[0].intervals).sort((a, b) => Number(a) - Number(b));
    figureCard(
        grid,
        {
            id: 'predicted-vs-observed',
            title: 'Predicted against observed (held out)',
            caption:
                `Dots: predictive means; bars: ${levels.length ? `${Math.round(Number(levels[levels.length - 1]) * 100)}% ` : ''}predictive intervals; dashed: y = x.` +
                (p.points.length < p.observations
                    ? ` ${p.points.length} of ${p.observations} held-out rows shown (every ${p.pointsEvery ?? Math.ceil(p.observations / p.points.length)}th); coverage and scores use all of them.`
                    : ''),
            draw: w => predictiveChart(p, ctx.theme, w)
        },
        ctx
    );
}

/** A note on the units, when the model z-scored its data (the fit and its plots are in those units). */
export function unitsNote(standardized: RunInfo['standardized']): string {
    if (!standardized || (!standardized.inputs && !standardized.target)) return '';
    const what =
        standardized.inputs && standardized.target
            ? 'Inputs and target are'
            : standardized.inputs
              ? 'Inputs are'
              : 'The target is';
    return `${what} standardised (z-scores of the training rows), so axes and coefficients are in those units.`;
}

function emSection(root: HTMLElement, r: EmResult, ctx: CardContext, inputRanges?: InputRange[]): void {
    root.append(
        h(
            'div',
            { class: 'stats' },
            stat('observations', num(r.observations)),
            stat('log-likelihood', num(r.logLikelihood, 6)),
            stat('AIC', num(r.aic, 6)),
            stat('BIC', num(r.bic, 6)),
            stat('parameters', num(r.parameters)),
            stat('iterations', `${num(r.iterations)}${r.converged ? '' : ' (not converged)'}`),
            stat('restarts', num(r.restarts.length)),
            ...predictiveStats(r),
            r.estimationError ? stat('Voronoi loss vs truth', num(r.estimationError.voronoiLoss, 4)) : null,
            stat('time', `${num(r.timing.seconds, 3)} s`)
        )
    );
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    fittedCurveCard(grid, r, ctx);
    figureCard(
        grid,
        {
            id: 'log-likelihood',
            title: 'Log-likelihood per EM iteration',
            caption: 'Best restart. EM never decreases it.',
            draw: w =>
                r.logLikelihoodTrace.length
                    ? logLikelihoodChart(
                          r.logLikelihoodTrace.map((logLikelihood, i) => ({ iteration: i + 1, logLikelihood })),
                          ctx.theme,
                          w
                      )
                    : undefined
        },
        ctx
    );
    const inputs = gateInputNames(r);
    if (inputs.length > 0) {
        const select = h(
            'select',
            { attrs: { 'aria-label': 'input' } },
            ...inputs.map((name, j) => {
                const o = h('option', {}, name);
                o.value = String(j);
                return o;
            })
        );
        const holder = h('div', {});
        grid.append(holder);
        const drawGating = () => {
            holder.replaceChildren();
            const input = Number(select.value) || 0;
            const leaves = r.gates.inner.flatMap((g, i) => g.weights.map((_, l) => `(${i + 1},${l + 1})`));
            let assumed = false;
            figureCard(
                holder,
                {
                    id: `gating-${inputs[input]}`,
                    title: 'Gating probabilities',
                    controls: h('div', { class: 'muted' }, 'against ', select),
                    legend: leaves.map((label, j) => ({ label: `leaf ${label}`, color: seriesColor(ctx.theme, j) })),
                    caption:
                        'Probability of each leaf (outer, inner) as the chosen input varies, the other inputs at their means.',
                    draw: w => {
                        const g = gatingChart(r, input, ctx.theme, w, inputRanges);
                        assumed = g.assumed;
                        return g.chart;
                    }
                },
                ctx
            );
            if (assumed)
                holder
                    .querySelector('figcaption')
                    ?.append(
                        ' The input range is a guess from the gate parameters: the data source does not declare it.'
                    );
        };
        select.addEventListener('change', drawGating);
        drawGating();
    }
    figureCard(
        grid,
        {
            id: 'expert-shares',
            title: 'Share of the data per expert',
            caption: 'Mean responsibility of each leaf expert (outer, inner) at the maximum-likelihood fit.',
            draw: w =>
                expertUsageChart(
                    r.experts.map((e, i) => ({ expert: i, usage: e.share, label: `(${e.outer + 1},${e.inner + 1})` })),
                    ctx.theme,
                    w,
                    { x: 'leaf (outer, inner)', y: 'share of the data (mean responsibility)' }
                )
        },
        ctx
    );
    predictiveCard(grid, r, ctx);
    root.append(
        h(
            'section',
            {},
            h('h2', {}, 'Experts'),
            table(
                ['leaf (outer, inner)', 'share', 'variance', ...r.inputs],
                r.experts.map(e => [`(${e.outer + 1}, ${e.inner + 1})`, e.share, e.variance, ...e.coefficients])
            )
        )
    );
    const gateRows = [
        ...r.gates.outer.weights.map((w, k) => [`outer ${k + 1} (${r.gates.outer.gate})`, r.gates.outer.bias[k], ...w]),
        ...r.gates.inner.flatMap((g, i) =>
            g.weights.map((w, l) => [`inner ${i + 1}.${l + 1} (${g.gate})`, g.bias[l], ...w])
        )
    ];
    root.append(
        h(
            'section',
            {},
            h('h2', {}, 'Gates'),
            table(['gate', 'bias', ...inputs.map(n => `${n} (slope / centre)`)], gateRows)
        )
    );
    root.append(
        h(
            'section',
            {},
            h('h2', {}, 'Restarts'),
            h(
                'p',
                { class: 'muted' },
                'Every start runs a few screening iterations; only the best one is then run to convergence, so the others stop early by design.'
            ),
            table(
                ['restart', 'initialisation', 'log-likelihood', 'iterations', 'stopped'],
                r.restarts.map(s => [s.restart + 1, s.initialization, s.logLikelihood, s.iterations, stoppedReason(s)])
            )
        )
    );
}

function stoppedReason(s: EmResult['restarts'][number]): string {
    switch (s.stopped) {
        case 'converged':
            return 'converged';
        case 'screened':
            return 'screened out (another start was better)';
        case 'max-iterations':
            return 'iteration limit, not converged';
        default:
            return s.converged ? 'converged' : 'not converged';
    }
}

export function renderResult(root: HTMLElement, run: CompletedRun, ctx: CardContext): void {
    const result = run.result;
    if (result.algorithm === 'particle-learning') particleLearningSection(root, result, ctx);
    else emSection(root, result, ctx, run.info.inputRanges);
    const units = unitsNote(run.info.standardized);
    if (units) root.querySelector('.stats')?.after(h('p', { class: 'muted', data: { role: 'units' } }, units));
    if (result.warnings.length > 0) {
        root.append(
            h(
                'section',
                {},
                h('h2', {}, 'Warnings'),
                h('ul', { class: 'warnings' }, ...result.warnings.map(w => h('li', {}, w)))
            )
        );
    }
}
