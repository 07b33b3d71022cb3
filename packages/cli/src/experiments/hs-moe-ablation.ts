/**
 * `moe experiment hs-moe-ablation`: the horseshoe gate prior against a normal N(0, 1) gate
 * prior, paired (the same data and algorithm seed for both priors), on the HSMOE-SYN-10x3
 * benchmark and on a setting where sparsity should matter: 20 experts of which 3 are active,
 * 10 inputs of which 5 are irrelevant to gate and experts alike. Reported: effective experts,
 * held-out log score and log Ẑ per prior, and their paired differences with 95% t intervals.
 */
import type { GatePrior } from '@moe-studio/engine';
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import { BENCHMARK, HORSESHOE, NORMAL_GATE, replicateDataSeed, syntheticPlan, type SyntheticDesign } from './hs-moe/synthetic-plan.js';
import { dataFrequencies, fitMetrics, type FitMetrics } from './hs-moe/fit-metrics.js';
import { commandLine, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval, pairedDifference } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const ABLATION_SEED = 7919;

/** 20 experts, 3 active; inputs 6..10 carry no signal (the generator's slopes stop at the fifth). */
export const MANY_EXPERTS: SyntheticDesign = { ...BENCHMARK, experts: 20, inputs: 10, dataSeed: 20260301, testSeed: 301 };

export interface AblationConfig {
    settings: Array<{ name: string; design: SyntheticDesign }>;
    priors: Array<{ name: string; prior: GatePrior }>;
    replicates: number;
    particles: number;
    chains: number;
}

const SETTINGS = [{ name: 'benchmark K=10', design: BENCHMARK }, { name: 'K=20, 3 active, 5 irrelevant inputs', design: MANY_EXPERTS }];
const PRIORS = [{ name: 'horseshoe', prior: HORSESHOE }, { name: 'normal', prior: NORMAL_GATE }];

/**
 * Sized for a 2-core machine shared with other work: 5 replicates of 2 filters × 250 particles
 * (a quarter of the example's cost per fit), since a paired comparison gains more from
 * replicates than from particles. `--replicates` raises the count.
 */
export const ABLATION_FULL: AblationConfig = { settings: SETTINGS, priors: PRIORS, replicates: 5, particles: 250, chains: 2 };
export const ABLATION_QUICK: AblationConfig = { settings: SETTINGS, priors: PRIORS, replicates: 3, particles: 100, chains: 2 };

interface AblationTask extends FitTask { setting: string; prior: string; replicate: number; design: SyntheticDesign }

export function ablationTasks(config: AblationConfig, seed: number): AblationTask[] {
    const tasks: AblationTask[] = [];
    for (const { name: setting, design: base } of config.settings) {
        for (let r = 0; r < config.replicates; r++) {
            const design = replicateDataSeed(base, r);
            for (const { name: prior, prior: gate } of config.priors) {
                tasks.push({
                    label: `${setting} replicate ${r + 1} ${prior}`, setting, prior, replicate: r, design,
                    plan: syntheticPlan({ design, prior: gate, seed: seed + r, inference: { particles: config.particles, chains: config.chains } })
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
        return { setting: task.setting, prior: task.prior, replicate: task.replicate + 1, seed: task.plan.inference.seed, hash: o.hash, metrics };
    });
    const value = (f: (typeof fits)[number] | undefined, key: MetricKey) => f?.metrics[key] ?? null;
    const [a, b] = [config.priors[0]!.name, config.priors[1]!.name];
    const perPrior: Array<Record<string, string | number | null>> = [];
    const differences: Array<Record<string, string | number | null>> = [];
    const pairs: Array<{ setting: string; metric: string; replicate: number; difference: number }> = [];
    for (const { name: setting } of config.settings) {
        for (const [key, label] of COMPARED) {
            for (const { name: prior } of config.priors) {
                const values = fits.filter(f => f.setting === setting && f.prior === prior).map(f => value(f, key)).filter((v): v is number => v !== null);
                perPrior.push({ setting, metric: key, label, prior, ...meanInterval(values) });
            }
            // Pairs: replicates with both priors done.
            const x: number[] = [];
            const y: number[] = [];
            for (let r = 1; r <= config.replicates; r++) {
                const fa = value(fits.find(f => f.setting === setting && f.prior === a && f.replicate === r), key);
                const fb = value(fits.find(f => f.setting === setting && f.prior === b && f.replicate === r), key);
                if (typeof fa === 'number' && typeof fb === 'number') {
                    x.push(fa);
                    y.push(fb);
                    pairs.push({ setting, metric: label, replicate: r, difference: fa - fb });
                }
            }
            differences.push({ setting, metric: key, label, difference: `${a} − ${b}`, ...pairedDifference(x, y) });
        }
    }

    const fitRows = fits.map(({ metrics, ...f }) => ({ ...f, ...metrics }));
    const plots: Record<string, string> = {};
    for (const [key, label] of COMPARED.filter(([k]) => k !== 'expertsAbove1pct' && k !== 'coverage90')) {
        const mine = pairs.filter(p => p.metric === label);
        const ci = differences.filter(d => d.metric === key && d['lower'] !== null);
        if (mine.length === 0) continue;
        plots[`difference-${key}`] = svgPlot({
            width: 640, marginLeft: 200,
            y: { label: null, type: 'band', domain: config.settings.map(s => s.name) },
            x: { label: `${label}: ${a} − ${b} (paired)` },
            marks: [
                Plot.ruleX([0], { stroke: '#999' }),
                Plot.dot(mine, { y: 'setting', x: 'difference', stroke: 'steelblue', r: 3.5 }),
                Plot.ruleY(ci, { y: 'setting', x1: 'lower', x2: 'upper', stroke: 'black', strokeWidth: 2 }),
                Plot.tickX(ci, { y: 'setting', x: 'mean', stroke: 'black', strokeWidth: 2 })
            ],
            caption: `Paired differences of ${label} (${a} minus ${b}) per data replicate; black: mean with its 95% t interval.`
        });
    }

    const command = commandLine('hs-moe-ablation', { quick: options.quick, seed: options.seed, replicates: options.replicates, defaultSeed: ABLATION_SEED });
    const stopped = outcomes.length < tasks.length;
    const markdown = [
        `# HS-MoE ablation: horseshoe against a normal gate prior${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `${config.replicates} data replicates per setting; each replicate is fitted with both priors with the same algorithm seed (a paired comparison). `
        + `${config.chains} filters × ${config.particles} particles, moves after 10, 20, 40, … observations, n = 500 training rows, 2000 held-out. `
        + `Priors: horseshoe with unit half-Cauchy scales and a shrunk intercept; normal N(0, 1) on every gate coefficient. ${outcomes.length} of ${tasks.length} fits done.`,
        '',
        `Paired differences (${a} − ${b}), mean [95% t interval] over replicates:`,
        '',
        markdownTable(['setting', ...COMPARED.map(c => c[1])], config.settings.map(({ name }) => [name, ...COMPARED.map(([key, , digits]) => {
            const d = differences.find(x => x['setting'] === name && x['metric'] === key)!;
            return formatInterval(d as unknown as ReturnType<typeof meanInterval>, digits);
        })])),
        '',
        'Per prior, mean [95% t interval]:',
        '',
        markdownTable(['setting', 'prior', ...COMPARED.map(c => c[1])], config.settings.flatMap(({ name }) => config.priors.map(({ name: prior }) => [name, prior, ...COMPARED.map(([key, , digits]) => {
            const d = perPrior.find(x => x['setting'] === name && x['metric'] === key && x['prior'] === prior)!;
            return formatInterval(d as unknown as ReturnType<typeof meanInterval>, digits);
        })]))),
        '',
        'Not run: a Dirichlet-matched intercept prior (the language has no such gate prior yet).',
        '',
        `Plots: ${Object.keys(plots).map(p => `\`${p}.svg\``).join(', ')}. Tables: \`fits.csv\` (every number per fit), \`differences.csv\`, \`per-prior.csv\`.`
    ].join('\n');
    return {
        markdown,
        tables: { fits: fitRows, differences, 'per-prior': perPrior },
        plots,
        data: { experiment: 'hs-moe-ablation', command, config, seed: options.seed, fits: fitRows, differences, perPrior },
        stopped
    };
}

export const hsMoeAblation: Experiment = {
    name: 'hs-moe-ablation',
    summary: 'horseshoe against a normal gate prior, paired over data replicates, on the benchmark and with 20 experts (3 active) and irrelevant inputs',
    run: options => {
        const base = options.quick ? ABLATION_QUICK : ABLATION_FULL;
        return runAblation(options.replicates !== undefined ? { ...base, replicates: options.replicates } : base, options);
    }
};
