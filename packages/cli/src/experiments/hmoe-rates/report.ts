import type { ExperimentReport } from '../experiment.js';
import { Plot, svgPlot } from '../report/svg-plot.js';
import { STATISTICS, type RatesFitRecord, type RatesResult } from './run.js';

const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function mean(values: number[]): number {
    const finite = values.filter(Number.isFinite);
    return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

function median(values: number[]): number {
    const sorted = values.filter(v => !Number.isNaN(v)).sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    const h = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

function standardError(values: number[]): number {
    const finite = values.filter(Number.isFinite);
    if (finite.length < 2) return NaN;
    const m = mean(finite);
    return Math.sqrt(finite.reduce((a, v) => a + (v - m) ** 2, 0) / (finite.length - 1) / finite.length);
}

/** What a slope difference's interval says, in words. */
function verdict(contrast: string, lower: number, upper: number): string {
    const [a, z] = contrast.split(' - ');
    if (upper < 0) return `${a} steeper than ${z}`;
    if (lower > 0) return `${z} steeper than ${a}`;
    return 'no difference resolved';
}

export function ratesReport(result: RatesResult, command: string): ExperimentReport {
    const { config, fits } = result;
    const statisticOf = Object.fromEntries(STATISTICS.map(s => [s.name, s]));
    const bySize = config.cases
        .flatMap(kase =>
            config.combinations.flatMap(c =>
                config.sizes.map(n => {
                    const group = fits.filter(f => f.case === kase && f.combination === c && f.n === n);
                    if (group.length === 0) return undefined;
                    const col = (of: (f: RatesFitRecord) => number) => group.map(of);
                    return {
                        case: kase,
                        combination: c,
                        n,
                        replicates: group.length,
                        median_mass_loss: median(col(f => f.massLoss)),
                        mean_mass_loss: mean(col(f => f.massLoss)),
                        se_mass_loss: standardError(col(f => f.massLoss)),
                        median_mass_first_order: median(col(f => f.massFirstOrder)),
                        mean_mass_first_order: mean(col(f => f.massFirstOrder)),
                        se_mass_first_order: standardError(col(f => f.massFirstOrder)),
                        median_loss: median(col(f => f.loss)),
                        mean_loss: mean(col(f => f.loss)),
                        median_tau_over: median(col(f => f.overSpecified.tau)),
                        median_eta_over: median(col(f => f.overSpecified.eta)),
                        median_nu_over: median(col(f => f.overSpecified.nu)),
                        median_omega_over: median(col(f => f.overSpecified.omega)),
                        loss_above_1e6: group.filter(f => !(f.loss < 1e6)).length,
                        at_iteration_cap: group.filter(f => !f.converged).length,
                        mean_iterations: mean(col(f => f.iterations)),
                        min_loglik_gap: Math.min(...col(f => f.logLikelihoodGap))
                    };
                })
            )
        )
        .filter(r => r !== undefined);
    const slopeRows = result.slopes.flatMap(set =>
        set.windows.flatMap(w =>
            config.combinations.map(c => ({
                case: set.case,
                statistic: set.statistic,
                smallest_n: w.smallestN,
                sizes: w.sizes,
                combination: c,
                slope: w.slopes[c].slope,
                ci_lower: w.slopes[c].lower,
                ci_upper: w.slopes[c].upper
            }))
        )
    );
    const differenceRows = result.slopes.flatMap(set =>
        set.windows.flatMap(w =>
            w.differences.map(d => ({
                case: set.case,
                statistic: set.statistic,
                smallest_n: w.smallestN,
                contrast: d.contrast,
                difference: d.difference,
                ci_lower: d.lower,
                ci_upper: d.upper,
                reading: verdict(d.contrast, d.lower, d.upper)
            }))
        )
    );
    const fitRows = fits.map(f => ({
        case: f.case,
        combination: f.combination,
        n: f.n,
        replicate: f.replicate,
        seed: f.seed,
        mass_loss: f.massLoss,
        mass_first_order: f.massFirstOrder,
        loss: f.loss,
        first_order: f.firstOrder,
        tau_over: f.overSpecified.tau,
        eta_over: f.overSpecified.eta,
        nu_over: f.overSpecified.nu,
        omega_over: f.overSpecified.omega,
        tau_exact: f.exact.tau,
        eta_exact: f.exact.eta,
        nu_exact: f.exact.nu,
        omega_exact: f.exact.omega,
        cells: f.cellSizes.map(c => c.join('+')).join(' | '),
        loglik_gap: f.logLikelihoodGap,
        iterations: f.iterations,
        converged: f.converged
    }));

    const capped = fits.filter(f => !f.converged);
    const widest = (kase: string, statistic: string) =>
        result.slopes.find(s => s.case === kase && s.statistic === statistic)?.windows[0];
    const lines: string[] = [
        '# HMoE rates: SS, SL and LL gates, exact- and over-specified',
        '',
        'Estimation error of two-level hierarchical MoE fits (softmax-softmax, softmax-Laplace, Laplace-Laplace) against sample size, on the HMOE-RATES truth (docs/method.md §5.5; k1* = k2* = 2), fitted exact-specified (2 x 2) and over-specified in the inner level (2 x 3). The claim under test (arXiv 2410.02935): with Laplace gates at both levels, over-specified experts converge faster than with softmax gating.',
        '',
        `Command: \`${command}\``,
        '',
        `Configuration: sizes ${config.sizes.join(', ')}; ${config.replicates} replicates per size; EM from a start near the truth${config.flatMixtureStart ? ' and the flat-mixture start (the better kept)' : ''}, at most ${config.maxIterations} iterations, relative tolerance ${config.tolerance} (3 iterations in a row); ${config.bootstrap} paired bootstrap draws; seed ${result.seed}. ${fits.length} fits in ${result.seconds.toFixed(0)} s; **${capped.length} of ${fits.length} stopped at the iteration cap**${capped.length > 0 ? ` (${[...new Set(capped.map(f => `${f.case} ${f.combination}`))].map(k => `${k}: ${capped.filter(f => `${f.case} ${f.combination}` === k).length}`).join(', ')})` : ''}; the smallest l_hat − l(truth) is ${fmt(Math.min(...fits.map(f => f.logLikelihoodGap)), 2)}.${result.stopped ? ' **Stopped before every fit finished.**' : ''}`,
        '',
        '## Design (one footing for the three combinations)',
        '',
        'The same truth numbers for all three (softmax slopes or Laplace centres), the same experts, and the same data seed for replicate r at size n (the same inputs, branch uniforms and noise); every fit has the same start and settings. True data-averaged leaf masses and the routing distance from SS (mean total variation of the leaf probabilities over x):',
        '',
        '| combination | leaf masses | routing distance from SS |',
        '|---|---|---|',
        ...result.design.map(
            d =>
                `| ${d.combination} | ${d.leafMasses.map(m => fmt(m, 3)).join(', ')} | ${fmt(d.routingDistanceFromSS, 3)} |`
        ),
        '',
        '## Losses',
        '',
        "The paper's loss weights each over-specified cell's parameter differences with higher powers: r̄ = 4 on (ω, τ) and r̄/2 = 2 on (η, ν) for a cell of two atoms under SS and SL, 2 on all four under LL; a cell of one atom contributes first-order differences (voronoi-loss.ts gives the formula and its sources; the HMoE paper's own statement of the exponents was not available to check them). Under the theory each combination's own loss falls like n^(-1/2); because the exponents differ, the own losses are not on one scale. The paper weights atoms by e^{b} e^{β}; with Laplace gates that weight is not usable here: a Laplace gate whose centre moves far outside the inputs with its bias growing alike is nearly the same gate (−‖a − x‖ + b is then almost linear in x), the MLE often moves there (a centre at (220, 31) with bias 221 at n = 500 is typical), and e^{b} passes 1e100. So the losses are also computed with the data-averaged leaf masses w̄ as weights (docs/method.md §5.5), which are bounded and free of the gauge. The comparison on one scale is the leaf-mass loss with every exponent 1 and, in the over-specified fits, the leaf-mass-weighted mean parameter error of the atoms in cells of more than one atom: the theory expects slopes of about −1/4 for LL and −1/8 for τ and ω under SS.",
        '',
        `## Slopes of log ${config.centre} error against log n (all sizes, 95% bootstrap interval)`,
        '',
        `Each size's replicates are summarised by their ${config.centre} (a robust centre: a fit that lands in a wrong grouping has errors far above the others'); \`by-size.csv\` has means too, and \`loss_above_1e6\` counts the fits whose e^{b}-weighted loss exceeds 1e6.`,
        '',
        `| case | statistic | ${config.combinations.join(' | ')} |`,
        `|---|---|${config.combinations.map(() => '---').join('|')}|`,
        ...result.slopes.map(set => {
            const w = set.windows[0];
            return `| ${set.case} | ${statisticOf[set.statistic]!.label} | ${config.combinations.map(c => (w ? `${fmt(w.slopes[c].slope, 2)} [${fmt(w.slopes[c].lower, 2)}, ${fmt(w.slopes[c].upper, 2)}]` : '')).join(' | ')} |`;
        }),
        '',
        '## Differences of slopes (paired over replicates), by fitting window',
        '',
        "Negative LL − SS: LL's error falls faster. Each row is one window: the sizes from `smallest n` to the largest.",
        '',
        '| case | statistic | smallest n | LL − SS | LL − SL | SL − SS |',
        '|---|---|---|---|---|---|',
        ...result.slopes.flatMap(set =>
            set.windows.map(w => {
                const cell = (contrast: string) => {
                    const d = w.differences.find(x => x.contrast === contrast);
                    return d ? `${fmt(d.difference, 2)} [${fmt(d.lower, 2)}, ${fmt(d.upper, 2)}]` : '';
                };
                return `| ${set.case} | ${set.statistic} | ${w.smallestN} | ${cell('LL - SS')} | ${cell('LL - SL')} | ${cell('SL - SS')} |`;
            })
        ),
        '',
        '## What it shows',
        '',
        ...['mass-first-order', 'mass-loss', 'tau', 'eta', 'nu', 'omega'].flatMap(statistic => {
            const w = widest('over', statistic);
            const d = w?.differences.find(x => x.contrast === 'LL - SS');
            if (!w || !d) return [];
            return [
                `- Over-specified, ${statisticOf[statistic]!.label}: slope LL ${fmt(w.slopes.LL.slope, 2)} [${fmt(w.slopes.LL.lower, 2)}, ${fmt(w.slopes.LL.upper, 2)}], SS ${fmt(w.slopes.SS.slope, 2)} [${fmt(w.slopes.SS.lower, 2)}, ${fmt(w.slopes.SS.upper, 2)}]; LL − SS ${fmt(d.difference, 2)} [${fmt(d.lower, 2)}, ${fmt(d.upper, 2)}]: ${verdict(d.contrast, d.lower, d.upper)}.`
            ];
        }),
        '',
        'Files: `by-size.csv`, `slopes.csv` (every window), `differences.csv`, `fits.csv` (every fit), `loss-vs-n.svg`, `over-parameters-vs-n.svg`, `slope-vs-window.svg`.',
        ''
    ];

    const lossPoints = bySize
        .flatMap(r => [
            {
                case: r.case,
                combination: r.combination,
                n: r.n,
                statistic: 'own exponents',
                value: config.centre === 'median' ? r.median_mass_loss : r.mean_mass_loss
            },
            {
                case: r.case,
                combination: r.combination,
                n: r.n,
                statistic: 'exponents 1',
                value: config.centre === 'median' ? r.median_mass_first_order : r.mean_mass_first_order
            }
        ])
        .filter(p => p.value > 0 && Number.isFinite(p.value));
    const color = { legend: true, domain: config.combinations };
    const lossPlot = svgPlot({
        width: 760,
        height: 520,
        marginLeft: 60,
        marginRight: 90,
        title: `${config.centre === 'median' ? 'Median' : 'Mean'} Voronoi loss (leaf-mass weights) against n`,
        subtitle:
            "leaf-mass weights; columns: exact- and over-specified fits; rows: each combination's own exponents, and every exponent 1 (one scale)",
        x: { type: 'log', label: 'sample size n', grid: true },
        y: { type: 'log', label: `${config.centre} loss`, grid: true, tickFormat: '~g' },
        fx: { label: null },
        fy: { label: null },
        color,
        marks: [
            Plot.line(lossPoints, {
                x: 'n',
                y: 'value',
                stroke: 'combination',
                fx: 'case',
                fy: 'statistic',
                strokeWidth: 2
            }),
            Plot.dot(lossPoints, { x: 'n', y: 'value', stroke: 'combination', fx: 'case', fy: 'statistic' })
        ]
    });
    const parameterPoints = bySize
        .filter(r => r.case === 'over')
        .flatMap(r =>
            (
                [
                    ['τ', r.median_tau_over],
                    ['η', r.median_eta_over],
                    ['ν', r.median_nu_over],
                    ['ω', r.median_omega_over]
                ] as Array<[string, number]>
            ).map(([parameter, value]) => ({ combination: r.combination, n: r.n, parameter, value }))
        )
        .filter(p => p.value > 0 && Number.isFinite(p.value));
    const parameterPlot = svgPlot({
        width: 860,
        height: 340,
        marginLeft: 60,
        title: 'Over-specified cells: parameter error against n',
        subtitle:
            'median over replicates of the leaf-mass-weighted mean |Δ| of the atoms in cells of more than one atom, one panel per parameter',
        x: { type: 'log', label: 'sample size n', grid: true },
        y: { type: 'log', label: 'median error', grid: true, tickFormat: '~g' },
        fx: { label: null },
        color,
        marks: [
            Plot.line(parameterPoints, { x: 'n', y: 'value', stroke: 'combination', fx: 'parameter', strokeWidth: 2 }),
            Plot.dot(parameterPoints, { x: 'n', y: 'value', stroke: 'combination', fx: 'parameter' })
        ]
    });
    const offset = Object.fromEntries(config.combinations.map((c, k) => [c, 1 + 0.08 * (k - 1)]));
    const windowPoints = slopeRows
        .filter(r => r.case === 'over' && r.statistic !== 'loss')
        .map(r => ({ ...r, at: r.smallest_n * offset[r.combination]! }));
    const windowPlot = svgPlot({
        width: 900,
        height: 360,
        marginLeft: 50,
        title: 'Over-specified fits: slope against the fitting window',
        subtitle:
            `slope of log ${config.centre} error on log n` +
            ' over the sizes from the smallest n shown to the largest; bars: 95% bootstrap intervals; rules at −1/2, −1/4 and −1/8',
        x: { type: 'log', label: 'smallest n in the window', ticks: config.sizes },
        y: { label: 'slope', grid: true },
        fx: { label: null },
        color,
        marks: [
            Plot.ruleY([-0.5, -0.25, -0.125], { stroke: '#999', strokeDasharray: '3 3' }),
            Plot.ruleX(windowPoints, {
                x: 'at',
                y1: 'ci_lower',
                y2: 'ci_upper',
                stroke: 'combination',
                fx: 'statistic'
            }),
            Plot.dot(windowPoints, { x: 'at', y: 'slope', fill: 'combination', fx: 'statistic' })
        ]
    });
    return {
        markdown: lines.join('\n'),
        tables: { 'by-size': bySize, slopes: slopeRows, differences: differenceRows, fits: fitRows },
        plots: { 'loss-vs-n': lossPlot, 'over-parameters-vs-n': parameterPlot, 'slope-vs-window': windowPlot },
        data: result,
        stopped: result.stopped
    };
}
