/**
 * `moe experiment hs-moe-ablation`: the horseshoe gate prior against two non-sparse or
 * partly sparse alternatives, paired (the same data and algorithm seed for every prior): a
 * normal N(0, 1) on every gate coefficient, and the horseshoe with an un-shrunk intercept whose
 * prior matches the moments of a Dirichlet(1) on the expert shares (docs/method.md §1.4,
 * `horseshoe(shrink_intercept = false)`). On the HSMOE-SYN-10x3
 * benchmark and on a setting where sparsity should matter: 20 experts of which 3 are active,
 * 10 inputs of which 5 are irrelevant to gate and experts alike. Reported: effective experts,
 * held-out log score and log Ẑ per prior, and each alternative's paired difference from the
 * horseshoe with 95% t intervals.
 */
import type { GatePrior } from '@moe-studio/engine';
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import {
    BENCHMARK,
    HORSESHOE,
    NORMAL_GATE,
    replicateDataSeed,
    syntheticPlan,
    type SyntheticDesign
} from './hs-moe/synthetic-plan.js';
import { dataFrequencies, fitMetrics, type FitMetrics } from './hs-moe/fit-metrics.js';
import { commandLine, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval, pairedDifference } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const ABLATION_SEED = 7919;

/** 20 experts, 3 active; inputs 6..10 carry no signal (the generator's slopes stop at the fifth). */
export const MANY_EXPERTS: SyntheticDesign = {
    ...BENCHMARK,
    experts: 20,
    inputs: 10,
    dataSeed: 20260301,
    testSeed: 301
};

export interface AblationConfig {
    settings: Array<{ name: string; design: SyntheticDesign }>;
    priors: Array<{ name: string; prior: GatePrior }>;
    replicates: number;
    particles: number;
    chains: number;
}

const SETTINGS = [
    { name: 'benchmark K=10', design: BENCHMARK },
    { name: 'K=20, 3 active, 5 irrelevant inputs', design: MANY_EXPERTS }
];
/** The first prior is the reference every other one is compared with. */
const PRIORS = [
    { name: 'horseshoe', prior: HORSESHOE },
    { name: 'normal', prior: NORMAL_GATE },
    { name: 'horseshoe, Dirichlet-matched intercept', prior: { ...HORSESHOE, shrinkIntercept: false } }
];

/**
 * Sized for a 2-core machine: 10 replicates of 2 filters × 250 particles (a quarter of the
 * example's cost per fit), since a paired comparison gains more from replicates than from
 * particles: the replicate-to-replicate spread of the differences dominates their Monte Carlo
 * error. `--replicates` changes the count.
 */
export const ABLATION_FULL: AblationConfig = {
    settings: SETTINGS,
    priors: PRIORS,
    replicates: 10,
    particles: 250,
    chains: 2
};
export const ABLATION_QUICK: AblationConfig = {
    settings: SETTINGS,
    priors: PRIORS,
    replicates: 3,
    particles: 100,
    chains: 2
};

interface AblationTask extends FitTask {
    setting: string;
    prior: string;
    replicate: number;
    design: SyntheticDesign;
}

export function ablationTasks(config: AblationConfig, seed: number): AblationTask[] {
    const tasks: AblationTask[] = [];
    for (const { name: setting, design: base } of config.settings) {
        for (let r = 0; r < config.replicates; r++) {
            const design = replicateDataSeed(base, r);
            for (const { name: prior, prior: gate } of config.priors) {
                tasks.push({
                    label: `${setting} replicate ${r + 1} ${prior}`,
                    setting,
                    prior,
                    replicate: r,
                    design,
                    plan: syntheticPlan({
                        design,
                        prior: gate,
                        seed: seed + r,
                        inference: { particles: config.particles, chains: config.chains }
                    })
                });
            }
        }
    }
    return tasks;
}

/** The compared quantities: key of FitMetrics, label, decimals. */
type MetricKey = Exclude<keyof FitMetrics, number>;
const COMPARED: Array<[MetricKey, string, number]> = [
    ['effectiveEntropy', 'effective experts (exp entropy)', 2],
    ['expertsAbove1pct', 'experts above 1%', 2],
    ['heldOutMlpd', 'held-out mean log score', 4],
    ['logZ', 'log Ẑ', 2],
    ['coverage90', '90% coverage', 3]
];

export async function runAblation(config: AblationConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const tasks = ablationTasks(config, options.seed);
    const outcomes = await runFits(tasks, options);
    const frequencies = new Map<string, number[]>();
    const fits = outcomes.map((o, i) => {
        const task = tasks[i]!;
        const source = task.plan.data.train.source;
        if (source.kind !== 'sparse-experts') throw new Error('expected a sparse-experts source');
        const key = `${task.setting}/${task.replicate}`;
        if (!frequencies.has(key)) frequencies.set(key, dataFrequencies(source));
        const metrics: FitMetrics = fitMetrics(o.result, frequencies.get(key)!, task.design.active);
        return {
            setting: task.setting,
            prior: task.prior,
            replicate: task.replicate + 1,
            seed: task.plan.inference.seed,
            hash: o.hash,
            metrics
        };
    });
    const value = (f: (typeof fits)[number] | undefined, key: MetricKey) => f?.metrics[key] ?? null;
    const reference = config.priors[0]!.name;
    const alternatives = config.priors.slice(1).map(p => p.name);
    const perPrior: Array<Record<string, string | number | null>> = [];
    const differences: Array<Record<string, string | number | null>> = [];
    const pairs: Array<{
        setting: string;
        metric: string;
        alternative: string;
        replicate: number;
        difference: number;
    }> = [];
    const fitOf = (setting: string, prior: string, replicate: number) =>
        fits.find(f => f.setting === setting && f.prior === prior && f.replicate === replicate);
    for (const { name: setting } of config.settings) {
        for (const [key, label] of COMPARED) {
            for (const { name: prior } of config.priors) {
                const values = fits
                    .filter(f => f.setting === setting && f.prior === prior)
                    .map(f => value(f, key))
                    .filter((v): v is number => v !== null);
                perPrior.push({ setting, metric: key, label, prior, ...meanInterval(values) });
            }
            for (const alternative of alternatives) {
                // Pairs: replicates with both priors done.
                const x: number[] = [];
                const y: number[] = [];
                for (let r = 1; r <= config.replicates; r++) {
                    const fa = value(fitOf(setting, reference, r), key);
                    const fb = value(fitOf(setting, alternative, r), key);
                    if (typeof fa === 'number' && typeof fb === 'number') {
                        x.push(fa);
                        y.push(fb);
                        pairs.push({ setting, metric: label, alternative, replicate: r, difference: fa - fb });
                    }
                }
                differences.push({
                    setting,
                    metric: key,
                    label,
                    alternative,
                    difference: `${reference} − ${alternative}`,
                    ...pairedDifference(x, y)
                });
            }
        }
    }

    const fitRows = fits.map(({ metrics, ...f }) => ({ ...f, ...metrics }));
    const plots: Record<string, string> = {};
    for (const [key, label] of COMPARED.filter(([k]) => k !== 'expertsAbove1pct' && k !== 'coverage90')) {
        const mine = pairs.filter(p => p.metric === label);
        const ci = differences.filter(d => d.metric === key && d['lower'] !== null);
        if (mine.length === 0) continue;
        plots[`difference-${key}`] = svgPlot({
            width: 720,
            marginLeft: 230,
            height: 120 + 60 * config.settings.length,
            // Settings label the panels on the left; the colour legend names the alternatives.
            fy: { label: null, axis: 'left', domain: config.settings.map(s => s.name) },
            y: { axis: null, type: 'band', domain: alternatives },
            x: { label: `${label}: ${reference} − alternative (paired)` },
            color: { legend: true, domain: alternatives, range: ['steelblue', 'darkorange'] },
            marks: [
                Plot.ruleX([0], { stroke: '#999' }),
                Plot.dot(mine, { fy: 'setting', y: 'alternative', x: 'difference', stroke: 'alternative', r: 3.5 }),
                Plot.ruleY(ci, {
                    fy: 'setting',
                    y: 'alternative',
                    x1: 'lower',
                    x2: 'upper',
                    stroke: 'black',
                    strokeWidth: 2
                }),
                Plot.tickX(ci, { fy: 'setting', y: 'alternative', x: 'mean', stroke: 'black', strokeWidth: 2 })
            ],
            caption: `Paired differences of ${label} (${reference} minus each alternative) per data replicate, one panel per setting; black: mean with its 95% t interval.`
        });
    }

    const command = commandLine('hs-moe-ablation', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: ABLATION_SEED
    });
    const stopped = outcomes.length < tasks.length;
    const markdown = [
        `# HS-MoE ablation: the horseshoe gate prior against a normal prior and a Dirichlet-matched intercept${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `${config.replicates} data replicates per setting; each replicate is fitted with every prior with the same algorithm seed (a paired comparison). ` +
            `${config.chains} filters × ${config.particles} particles, moves after 10, 20, 40, … observations, n = 500 training rows, 2000 held-out. ` +
            `Priors: horseshoe with unit half-Cauchy scales and a shrunk intercept (the reference); normal N(0, 1) on every gate coefficient; ` +
            `the horseshoe on the slopes with an un-shrunk intercept whose normal prior matches the moments of a Dirichlet(1) on the expert shares (\`horseshoe(shrink_intercept = false)\`). ` +
            `${outcomes.length} of ${tasks.length} fits done.`,
        '',
        `Paired differences (${reference} − alternative), mean [95% t interval] over replicates:`,
        '',
        markdownTable(
            ['setting', 'alternative', ...COMPARED.map(c => c[1])],
            config.settings.flatMap(({ name }) =>
                alternatives.map(alternative => [
                    name,
                    alternative,
                    ...COMPARED.map(([key, , digits]) => {
                        const d = differences.find(
                            x => x['setting'] === name && x['metric'] === key && x['alternative'] === alternative
                        )!;
                        return formatInterval(d as unknown as ReturnType<typeof meanInterval>, digits);
                    })
                ])
            )
        ),
        '',
        'Per prior, mean [95% t interval]:',
        '',
        markdownTable(
            ['setting', 'prior', ...COMPARED.map(c => c[1])],
            config.settings.flatMap(({ name }) =>
                config.priors.map(({ name: prior }) => [
                    name,
                    prior,
                    ...COMPARED.map(([key, , digits]) => {
                        const d = perPrior.find(
                            x => x['setting'] === name && x['metric'] === key && x['prior'] === prior
                        )!;
                        return formatInterval(d as unknown as ReturnType<typeof meanInterval>, digits);
                    })
                ])
            )
        ),
        '',
        `Plots: ${Object.keys(plots)
            .map(p => `\`${p}.svg\``)
            .join(', ')}. Tables: \`fits.csv\` (every number per fit), \`differences.csv\`, \`per-prior.csv\`.`
    ].join('\n');
    return {
        markdown,
        tables: { fits: fitRows, differences, 'per-prior': perPrior },
        plots,
        data: {
            experiment: 'hs-moe-ablation',
            command,
            config,
            seed: options.seed,
            fits: fitRows,
            differences,
            perPrior
        },
        stopped
    };
}

export const hsMoeAblation: Experiment = {
    name: 'hs-moe-ablation',
    summary:
        'horseshoe against a normal gate prior and a Dirichlet-matched intercept, paired over data replicates, on the benchmark and with 20 experts (3 active) and irrelevant inputs',
    run: options => {
        const base = options.quick ? ABLATION_QUICK : ABLATION_FULL;
        return runAblation(
            options.replicates !== undefined ? { ...base, replicates: options.replicates } : base,
            options
        );
    }
};
