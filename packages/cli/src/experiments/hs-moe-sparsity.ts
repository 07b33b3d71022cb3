/**
 * `moe experiment hs-moe-sparsity`: the HSMOE-SYN-10x3 benchmark over data replicates times
 * algorithm seeds with the example's settings: top-3 usage, effective experts (each
 * definition), log Ẑ and its Monte Carlo error, ESS, held-out score and coverage, per fit and as
 * means with 95% t intervals over all fits.
 */
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import {
    BENCHMARK,
    replicateDataSeed,
    syntheticPlan,
    TRUST_DEFAULTS,
    type SyntheticDesign
} from './hs-moe/synthetic-plan.js';
import {
    asParticleLearning,
    dataFrequencies,
    fitMetrics,
    METRIC_COLUMNS,
    type FitMetrics
} from './hs-moe/fit-metrics.js';
import { commandLine, fixed, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval, wilsonInterval } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const SPARSITY_SEED = 7919;

export interface SparsityConfig {
    design: SyntheticDesign;
    dataReplicates: number;
    seedsPerReplicate: number;
    particles: number;
    chains: number;
}

export const SPARSITY_FULL: SparsityConfig = {
    design: BENCHMARK,
    dataReplicates: 4,
    seedsPerReplicate: 2,
    particles: TRUST_DEFAULTS.particles,
    chains: TRUST_DEFAULTS.chains
};
export const SPARSITY_QUICK: SparsityConfig = {
    design: BENCHMARK,
    dataReplicates: 2,
    seedsPerReplicate: 2,
    particles: 150,
    chains: 2
};

export function sparsityTasks(
    config: SparsityConfig,
    seed: number
): Array<FitTask & { replicate: number; seed: number; design: SyntheticDesign }> {
    const tasks = [];
    for (let r = 0; r < config.dataReplicates; r++) {
        const design = replicateDataSeed(config.design, r);
        for (let s = 0; s < config.seedsPerReplicate; s++) {
            const fitSeed = seed + s;
            tasks.push({
                label: `data ${r + 1} seed ${fitSeed}`,
                replicate: r,
                seed: fitSeed,
                design,
                plan: syntheticPlan({
                    design,
                    seed: fitSeed,
                    inference: { particles: config.particles, chains: config.chains }
                })
            });
        }
    }
    return tasks;
}

export async function runSparsity(config: SparsityConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const tasks = sparsityTasks(config, options.seed);
    const outcomes = await runFits(tasks, options);
    const frequencies = new Map<number, number[]>();
    const rows: Array<Record<string, string | number | null>> = [];
    const usageRows: Array<Record<string, number>> = [];
    const metrics: FitMetrics[] = [];
    outcomes.forEach((o, i) => {
        const task = tasks[i]!;
        const source = task.plan.data.train.source;
        if (source.kind !== 'sparse-experts') throw new Error('expected a sparse-experts source');
        if (!frequencies.has(task.replicate)) frequencies.set(task.replicate, dataFrequencies(source));
        const m = fitMetrics(o.result, frequencies.get(task.replicate)!, config.design.active);
        metrics.push(m);
        rows.push({ dataReplicate: task.replicate + 1, dataSeed: source.seed, seed: task.seed, hash: o.hash, ...m });
        asParticleLearning(o.result).sortedUsage.forEach((u, rank) =>
            usageRows.push({ dataReplicate: task.replicate + 1, seed: task.seed, rank: rank + 1, usage: u })
        );
    });

    const summaryRows = METRIC_COLUMNS.map(([key, label]) => {
        const values = metrics.map(m => m[key]).filter((v): v is number => v !== null && Number.isFinite(v));
        // A proportion gets the Wilson interval; everything else the t interval.
        const interval =
            key === 'recovered'
                ? wilsonInterval(values.filter(v => v === 1).length, values.length)
                : meanInterval(values);
        return { metric: key, label: key === 'recovered' ? 'recovered (share, Wilson interval)' : label, ...interval };
    });
    const frequencyRows = [...frequencies].map(([r, f]) => ({
        dataReplicate: r + 1,
        top1: f[0]!,
        top2: f[1]!,
        top3: f[2]!,
        top3Sum: f[0]! + f[1]! + f[2]!
    }));

    const plots: Record<string, string> = {};
    if (rows.length > 0) {
        plots['top3-usage'] = svgPlot({
            width: 640,
            x: { label: 'data replicate', type: 'band' },
            y: { label: 'top-3 usage', domain: [Math.min(0.5, ...metrics.map(m => m.top3Usage)), 1] },
            marks: [
                Plot.ruleY([0.95], { stroke: '#999', strokeDasharray: '4 3' }),
                Plot.dot(rows, { x: 'dataReplicate', y: 'top3Usage', stroke: 'steelblue', r: 3.5 }),
                Plot.dot(rows, {
                    x: 'dataReplicate',
                    y: 'top3ParticleUsage',
                    symbol: 'times',
                    stroke: 'darkorange',
                    r: 3.5
                })
            ],
            caption:
                'Top-3 usage of each fit (circles: posterior mean, labels matched; crosses: per particle). Dashed: 0.95.'
        });
        plots['effective-experts'] = svgPlot({
            width: 640,
            x: { label: 'data replicate', type: 'band' },
            y: { label: 'effective experts', domain: [0, Math.max(4, ...metrics.map(m => m.expertsAbove1pct)) + 0.5] },
            marks: [
                Plot.ruleY([config.design.active], { stroke: '#999', strokeDasharray: '4 3' }),
                Plot.dot(rows, { x: 'dataReplicate', y: 'effectiveEntropy', stroke: 'steelblue', r: 3.5 }),
                Plot.dot(rows, {
                    x: 'dataReplicate',
                    y: 'effectiveInverseSimpson',
                    symbol: 'times',
                    stroke: 'darkorange',
                    r: 3.5
                }),
                Plot.dot(rows, {
                    x: 'dataReplicate',
                    y: 'expertsAbove1pct',
                    symbol: 'square',
                    stroke: 'seagreen',
                    r: 3
                })
            ],
            caption: `Effective experts per fit: exp entropy (circles), inverse Simpson (crosses), usage > 1% (squares). Dashed: the ${config.design.active} active experts.`
        });
        plots['sorted-usage'] = svgPlot({
            width: 640,
            x: { label: 'rank', type: 'band' },
            y: { label: 'posterior mean usage', domain: [0, 0.5] },
            marks: [
                Plot.line(usageRows, {
                    x: 'rank',
                    y: 'usage',
                    z: (d: { dataReplicate: number; seed: number }) => `${d.dataReplicate}/${d.seed}`,
                    stroke: 'steelblue',
                    strokeOpacity: 0.5
                }),
                Plot.dot(usageRows, { x: 'rank', y: 'usage', fill: 'steelblue', r: 2 })
            ],
            caption: 'Sorted posterior-mean usage of every fit.'
        });
    }

    const command = commandLine('hs-moe-sparsity', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: SPARSITY_SEED
    });
    const stopped = outcomes.length < tasks.length;
    const recovered = metrics.filter(m => m.recovered === 1).length;
    const markdown = [
        `# HS-MoE sparsity across replicates${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `HSMOE-SYN-${config.design.experts}x${config.design.active} (n = ${config.design.n}, ${config.design.nTest} held-out rows), ${config.dataReplicates} data replicates × ${config.seedsPerReplicate} algorithm seeds; ` +
            `${config.chains} filters × ${config.particles} particles, moves after 10, 20, 40, … observations, horseshoe gate prior. ` +
            `${outcomes.length} of ${tasks.length} fits done${stopped ? ' (stopped before the rest)' : ''}.`,
        '',
        `Recovered (top-3 usage ≥ 0.95, each within ±0.07 of the data's own frequencies): ${recovered} of ${metrics.length} fits.`,
        '',
        'Means over all fits with 95% t intervals (fits of one data set share its data, so the interval is for this set of data replicates):',
        '',
        markdownTable(
            ['quantity', 'mean [95% CI]', 'sd', 'fits'],
            summaryRows.map(s => [s.label, formatInterval(s, 3), fixed(s.sd, 3), String(s.n)])
        ),
        '',
        'Per fit:',
        '',
        markdownTable(
            [
                'data',
                'seed',
                'top-3',
                'per particle',
                'recovered',
                'eff. (entropy)',
                'eff. (Simpson)',
                '> 1%',
                'log Ẑ ± se',
                'min ESS/N',
                'held-out mlpd',
                '90% cov.',
                's'
            ],
            rows.map((r, i) => {
                const m = metrics[i]!;
                return [
                    String(r['dataReplicate']),
                    String(r['seed']),
                    fixed(m.top3Usage),
                    fixed(m.top3ParticleUsage),
                    m.recovered ? 'yes' : 'no',
                    fixed(m.effectiveEntropy, 2),
                    fixed(m.effectiveInverseSimpson, 2),
                    String(m.expertsAbove1pct),
                    `${fixed(m.logZ, 2)} ± ${fixed(m.logZSE, 2)}`,
                    fixed(m.minEssFraction),
                    fixed(m.heldOutMlpd, 4),
                    fixed(m.coverage90),
                    fixed(m.seconds, 1)
                ];
            })
        ),
        '',
        'Plots: `top3-usage.svg`, `effective-experts.svg`, `sorted-usage.svg`. Tables: `fits.csv` (every number per fit), `summary.csv`, `sorted-usage.csv`, `data-frequencies.csv`.'
    ].join('\n');

    return {
        markdown,
        tables: { fits: rows, summary: summaryRows, 'sorted-usage': usageRows, 'data-frequencies': frequencyRows },
        plots,
        data: { experiment: 'hs-moe-sparsity', command, config, seed: options.seed, fits: rows, summary: summaryRows },
        stopped
    };
}

export const hsMoeSparsity: Experiment = {
    name: 'hs-moe-sparsity',
    summary:
        'HSMOE-SYN-10x3 over data replicates × seeds: usage, effective experts, log Ẑ, ESS, held-out score and coverage',
    run: options => {
        const base = options.quick ? SPARSITY_QUICK : SPARSITY_FULL;
        return runSparsity(
            options.replicates !== undefined ? { ...base, dataReplicates: options.replicates } : base,
            options
        );
    }
};
