/** The readable end-of-run summary of `moe run`: tables of the result, then fit and timing. */
import {
    binCounts,
    type EmGateLevelFit,
    type EmResult,
    type ParticleLearningResult,
    type PredictiveSummary,
    type RunResult,
    type TimingSummary
} from '@moe-studio/engine/result';
import { count, duration, interval, num, table } from './format.js';

/** Experts below this usage are summarised in one line instead of a coefficient row. */
const NEGLIGIBLE_USAGE = 0.01;

export function formatSummary(result: RunResult): string {
    const sections = result.algorithm === 'particle-learning' ? plSections(result) : emSections(result);
    if (result.predictive) sections.push(predictiveSection(result.predictive));
    sections.push(timingSection(result.timing, result.algorithm));
    if (result.warnings.length > 0) sections.push(['Warnings', ...result.warnings.map(w => `  - ${w}`)].join('\n'));
    return `${sections.join('\n\n')}\n`;
}

function header(result: RunResult, method: string): string {
    return (
        `${result.model.name}: ${method}, seed ${result.seed}, ${count(result.observations)} observations, ` +
        `design columns ${result.inputs.join(', ')}`
    );
}

function plSections(r: ParticleLearningResult): string[] {
    const R = r.chains.length;
    const sections = [
        header(
            r,
            `particle learning with ${count(r.particles)} particles${R > 1 ? ` in each of ${R} filters, pooled by evidence` : ''}`
        )
    ];
    sections.push(
        [
            'Expert usage (posterior mean and 90% interval)',
            table(
                ['expert', 'usage', '90% interval', 'noise variance'],
                r.experts.map(e => [
                    String(e.index + 1),
                    num(e.usage, 3),
                    interval(e.usageInterval),
                    num(e.noiseVariance, 3)
                ])
            ),
            `  sorted usage: ${r.sortedUsage.map(u => num(u, 3)).join(' ')}`,
            `  sorted per particle (label-invariant): ${r.particleSortedUsage.map(u => num(u, 3)).join(' ')}`,
            `  effective number of experts: ${effective(r.effectiveExperts)}`
        ].join('\n')
    );

    const used = r.experts.filter(e => e.usage >= NEGLIGIBLE_USAGE);
    const hidden = r.experts.length - used.length;
    sections.push(
        [
            'Expert coefficients (posterior mean [90% interval])',
            table(
                ['expert', ...r.inputs],
                used.map(e => [
                    String(e.index + 1),
                    ...e.coefficients.map((c, j) => `${num(c, 3)} ${interval(e.coefficientIntervals[j])}`)
                ])
            ),
            ...(hidden > 0 ? [`  (${hidden} expert${hidden === 1 ? '' : 's'} with usage below 1% not shown)`] : [])
        ].join('\n')
    );

    sections.push(
        [
            'Gate: stick coefficients, posterior mean (shrinkage factor kappa; near 1 = shrunk to zero)',
            table(
                ['stick', ...r.inputs],
                r.gate.coefficients.map((row, k) => [
                    String(k + 1),
                    ...row.map((c, j) => `${num(c, 3)} (${num(r.gate.shrinkage[k]?.[j], 2)})`)
                ])
            ),
            ...(r.gate.globalScale !== undefined ? [`  global scale tau: ${num(r.gate.globalScale, 3)}`] : [])
        ].join('\n')
    );

    const ess = r.diagnostics.ess;
    const counts = binCounts(r.diagnostics, r.observations);
    const minEss = ess.min.length > 0 ? Math.min(...ess.min) : NaN;
    const meanEss = ess.mean.reduce((a, m, b) => a + m * counts[b], 0) / Math.max(r.observations, 1);
    const resamplings = r.diagnostics.resamplings.reduce((a, c) => a + c, 0);
    const se = r.logMarginalLikelihoodSE;
    sections.push(
        [
            `Log marginal likelihood: ${num(r.logMarginalLikelihood, 7)}${se !== null ? ` ± ${num(se, 2)} (Monte Carlo standard error over ${R} filters)` : ' (one filter: no Monte Carlo error estimate)'}` +
                (r.standardization?.target
                    ? `\n  on the original scale of ${r.standardization.target.name} (fitted z-scored; log Jacobian ${num(r.standardization.logJacobian, 6)} included)`
                    : ''),
            `ESS: min ${num(minEss, 4)} (${num((100 * minEss) / r.particles, 3)}% of N, smallest over filters), mean ${num(meanEss, 4)}; ` +
                `resampled at ${count(resamplings)} of ${count(r.observations)} observations`
        ].join('\n')
    );
    if (R > 1) sections.push(chainSection(r));
    return sections;
}

function effective(e: ParticleLearningResult['effectiveExperts']): string {
    return `${num(e.entropy, 3)} (exp entropy), ${num(e.inverseSimpson, 3)} (inverse Simpson), ${e.aboveOnePercent} with usage above 1%`;
}

/** Per-filter evidence, weight and usage, then the agreement diagnostic. */
function chainSection(r: ParticleLearningResult): string {
    const a = r.agreement;
    const verdict =
        a.messages.length === 0
            ? `  filters agree: largest usage R-hat ${num(a.maxUsageRhat, 3)} (threshold ${a.rhatThreshold}), same experts used, no split experts`
            : ['  FILTERS DISAGREE:', ...a.messages.map(m => `  - ${m}`)].join('\n');
    return [
        'Filters (experts label-matched to the heaviest filter)',
        table(
            ['filter', 'seed', 'log Z', 'weight', 'min ESS', 'effective experts', 'sorted usage (top 4)'],
            r.chains.map(c => [
                String(c.chain + 1),
                String(c.seed),
                num(c.logMarginalLikelihood, 7),
                num(c.weight, 3),
                num(c.minEss, 4),
                num(c.effectiveExperts.entropy, 3),
                c.sortedUsage
                    .slice(0, 4)
                    .map(u => num(u, 3))
                    .join(' ')
            ])
        ),
        verdict
    ].join('\n');
}

function gateLevelTable(level: EmGateLevelFit, inputs: string[]): string {
    const p = level.weights[0]?.length ?? 0;
    const names = inputs.filter(n => n !== '(intercept)');
    const columns = names.length === p ? names : Array.from({ length: p }, (_, j) => `w${j + 1}`);
    const what = level.gate === 'softmax' ? 'slope' : 'centre';
    return table(
        ['branch', 'bias', ...columns.map(c => `${what} ${c}`)],
        level.weights.map((row, k) => [String(k + 1), num(level.bias[k], 4), ...row.map(w => num(w, 4))])
    );
}

/** Why an EM start stopped, in words; results written before `stopped` existed fall back on `converged`. */
function stopped(s: EmResult['restarts'][number]): string {
    switch (s.stopped) {
        case 'converged':
            return 'converged';
        case 'screened':
            return `screened out after ${s.iterations}`;
        case 'max-iterations':
            return 'hit max_iterations';
        default:
            return s.converged ? 'converged' : 'not converged';
    }
}

function emSections(r: EmResult): string[] {
    const sections = [header(r, 'EM')];
    const target = r.standardization?.target;
    sections.push(
        [
            `Log-likelihood: ${num(r.logLikelihood, 8)} after ${r.iterations} iterations (${r.converged ? 'converged' : 'NOT converged'})`,
            `AIC ${num(r.aic, 8)}, BIC ${num(r.bic, 8)}, ${r.parameters} free parameters`,
            ...(target
                ? [
                      `  on the original scale of ${target.name} (fitted z-scored; log Jacobian ${num(r.standardization!.logJacobian, 6)} included); ` +
                          'gates and experts below are on the standardised scale'
                  ]
                : [])
        ].join('\n')
    );
    if (r.restarts.length > 1) {
        const kept = r.restarts.reduce((a, s) => (s.logLikelihood > a.logLikelihood ? s : a));
        const screened = r.restarts.filter(s => s.stopped === 'screened').length;
        sections.push(
            [
                'Restarts',
                table(
                    ['restart', 'start', 'log-likelihood', 'iterations', 'stopped', 'kept'],
                    r.restarts.map(s => [
                        String(s.restart + 1),
                        s.initialization,
                        num(s.logLikelihood, 8),
                        String(s.iterations),
                        stopped(s),
                        s === kept ? '*' : ''
                    ])
                ),
                ...(screened > 0
                    ? [
                          `  ${screened} of ${r.restarts.length} starts screened out (stopped after the screening iterations, not at their own optimum); ` +
                              'the start with the highest log-likelihood after the screen ran on to the end unless it had converged, and is kept'
                      ]
                    : [])
            ].join('\n')
        );
    }
    sections.push([`Outer gate (${r.gates.outer.gate})`, gateLevelTable(r.gates.outer, r.inputs)].join('\n'));
    r.gates.inner.forEach((level, i) => {
        sections.push([`Inner gate of branch ${i + 1} (${level.gate})`, gateLevelTable(level, r.inputs)].join('\n'));
    });
    sections.push(
        [
            'Experts',
            table(
                ['expert', 'share', 'variance', ...r.inputs],
                r.experts.map(e => [
                    `${e.outer + 1}.${e.inner + 1}`,
                    num(e.share, 3),
                    num(e.variance, 4),
                    ...e.coefficients.map(c => num(c, 4))
                ])
            )
        ].join('\n')
    );
    if (r.estimationError) {
        const e = r.estimationError;
        sections.push(
            [
                "Against the generator's true parameters",
                `  Voronoi loss ${num(e.voronoiLoss, 4)}, mean coefficient error ${num(e.coefficientError, 4)}, ` +
                    `log-likelihood at the truth ${num(e.trueLogLikelihood, 8)} (fit: ${num(r.logLikelihood, 8)})`
            ].join('\n')
        );
    }
    return sections;
}

function predictiveSection(p: PredictiveSummary): string {
    const coverage = Object.entries(p.coverage).map(
        ([level, value]) => `${percent(Number(level))} interval covers ${percent(value)}`
    );
    return [
        `Held-out predictive checks (${count(p.observations)} observations)`,
        `  log predictive density ${num(p.logPredictiveDensity, 7)} (mean ${num(p.meanLogPredictiveDensity, 4)} per observation), RMSE ${num(p.rmse, 4)}`,
        ...(coverage.length > 0 ? [`  ${coverage.join(', ')}`] : [])
    ].join('\n');
}

function timingSection(t: TimingSummary, algorithm: RunResult['algorithm']): string {
    const rate =
        algorithm === 'particle-learning'
            ? t.particleObservationsPerSecond !== undefined
                ? `, ${count(t.particleObservationsPerSecond)} particle-observations/s`
                : ''
            : t.iterationsPerSecond !== undefined
              ? `, ${num(t.iterationsPerSecond, 4)} EM iterations/s`
              : '';
    return `Time: ${duration(t.seconds)}${rate}`;
}

/** 0.9 -> "90%", 0.548 -> "54.8%". */
function percent(fraction: number): string {
    return `${Number((100 * fraction).toFixed(1))}%`;
}
