/**
 * `moe experiment hs-moe-sensitivity`: the horseshoe's global and local half-Cauchy scales and
 * the refresh period `sweep_every`, changed one at a time from the example's (1, 1, 1) on the
 * HSMOE-SYN-10x3 data: their effect on top-3 usage, effective experts and held-out log score,
 * as differences from the default paired by algorithm seed, with 95% t intervals.
 */
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import { BENCHMARK, syntheticPlan } from './hs-moe/synthetic-plan.js';
import { dataFrequencies, fitMetrics, type FitMetrics } from './hs-moe/fit-metrics.js';
import { commandLine, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval, pairedDifference, type MeanInterval } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const SENSITIVITY_SEED = 7919;

export interface SensitivitySetting {
    name: string;
    globalScale: number;
    localScale: number;
    sweepEvery: number;
}

export interface SensitivityConfig {
    settings: SensitivitySetting[];
    seeds: number;
    particles: number;
    chains: number;
    n: number;
    nTest: number;
}

const DEFAULT: SensitivitySetting = {
    name: 'default (τ scale 1, λ scale 1, sweep_every 1)',
    globalScale: 1,
    localScale: 1,
    sweepEvery: 1
};
const SETTINGS: SensitivitySetting[] = [
    DEFAULT,
    { ...DEFAULT, name: 'global scale 0.1', globalScale: 0.1 },
    { ...DEFAULT, name: 'global scale 10', globalScale: 10 },
    { ...DEFAULT, name: 'local scale 0.1', localScale: 0.1 },
    { ...DEFAULT, name: 'local scale 10', localScale: 10 },
    { ...DEFAULT, name: 'sweep_every 10', sweepEvery: 10 }
];

/** Sized for a shared 2-core machine: 2 filters × 150 particles per fit (under a sixth of the example's cost). */
export const SENSITIVITY_FULL: SensitivityConfig = {
    settings: SETTINGS,
    seeds: 3,
    particles: 150,
    chains: 2,
    n: BENCHMARK.n,
    nTest: BENCHMARK.nTest
};
export const SENSITIVITY_QUICK: SensitivityConfig = {
    settings: SETTINGS,
    seeds: 2,
    particles: 80,
    chains: 2,
    n: BENCHMARK.n,
    nTest: 500
};

interface SensitivityTask extends FitTask {
    setting: SensitivitySetting;
    seed: number;
}

export function sensitivityTasks(config: SensitivityConfig, seed: number): SensitivityTask[] {
    const design = { ...BENCHMARK, n: config.n, nTest: config.nTest };
    return config.settings.flatMap(setting =>
        Array.from({ length: config.seeds }, (_, s) => ({
            label: `${setting.name} seed ${seed + s}`,
            setting,
            seed: seed + s,
            plan: syntheticPlan({
                design,
                seed: seed + s,
                prior: {
                    kind: 'horseshoe',
                    globalScale: setting.globalScale,
                    localScale: setting.localScale,
                    shrinkIntercept: true
                },
                inference: { particles: config.particles, chains: config.chains, sweepEvery: setting.sweepEvery }
            })
        }))
    );
}

type MetricKey = Exclude<keyof FitMetrics, number>;
const COMPARED: Array<[MetricKey, string, number]> = [
    ['top3Usage', 'top-3 usage', 3],
    ['effectiveEntropy', 'effective experts (exp entropy)', 2],
    ['expertsAbove1pct', 'experts above 1%', 2],
    ['heldOutMlpd', 'held-out mean log score', 4],
    ['logZ', 'log Ẑ', 2]
];

export async function runSensitivity(config: SensitivityConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const tasks = sensitivityTasks(config, options.seed);
    const outcomes = await runFits(tasks, options);
    const source = tasks[0]!.plan.data.train.source;
    if (source.kind !== 'sparse-experts') throw new Error('expected a sparse-experts source');
    const frequencies = dataFrequencies(source);
    const fits = outcomes.map((o, i) => ({
        task: tasks[i]!,
        hash: o.hash,
        metrics: fitMetrics(o.result, frequencies)
    }));
    const value = (setting: string, seed: number, key: MetricKey) =>
        fits.find(f => f.task.setting.name === setting && f.task.seed === seed)?.metrics[key] ?? null;
    const seeds = Array.from({ length: config.seeds }, (_, s) => options.seed + s);

    const summary: Array<Record<string, string | number | null>> = [];
    for (const setting of config.settings) {
        for (const [key, label] of COMPARED) {
            const own = seeds.map(s => value(setting.name, s, key)).filter((v): v is number => v !== null);
            // Paired by seed with the default setting.
            const x: number[] = [];
            const y: number[] = [];
            for (const s of seeds) {
                const a = value(setting.name, s, key);
                const b = value(DEFAULT.name, s, key);
                if (a !== null && b !== null) {
                    x.push(a);
                    y.push(b);
                }
            }
            const m = meanInterval(own);
            const d = pairedDifference(x, y);
            summary.push({
                setting: setting.name,
                globalScale: setting.globalScale,
                localScale: setting.localScale,
                sweepEvery: setting.sweepEvery,
                metric: key,
                label,
                n: m.n,
                mean: m.mean,
                sd: m.sd,
                lower: m.lower,
                upper: m.upper,
                pairs: d.n,
                differenceFromDefault: d.mean,
                differenceLower: d.lower,
                differenceUpper: d.upper
            });
        }
    }
    const fitRows = fits.map(f => ({
        setting: f.task.setting.name,
        globalScale: f.task.setting.globalScale,
        localScale: f.task.setting.localScale,
        sweepEvery: f.task.setting.sweepEvery,
        seed: f.task.seed,
        hash: f.hash,
        ...f.metrics
    }));

    const plots: Record<string, string> = {};
    for (const [key, label] of COMPARED.filter(
        ([k]) => k === 'top3Usage' || k === 'effectiveEntropy' || k === 'heldOutMlpd'
    )) {
        if (fitRows.length === 0) break;
        const ci = summary.filter(s => s['metric'] === key && s['lower'] !== null);
        plots[key] = svgPlot({
            width: 640,
            marginLeft: 280,
            y: { label: null, type: 'band', domain: config.settings.map(s => s.name) },
            x: { label },
            marks: [
                Plot.dot(fitRows, { y: 'setting', x: key, stroke: 'steelblue', r: 3.5 }),
                Plot.ruleY(ci, { y: 'setting', x1: 'lower', x2: 'upper', stroke: 'black', strokeWidth: 2 }),
                Plot.tickX(ci, { y: 'setting', x: 'mean', stroke: 'black', strokeWidth: 2 })
            ],
            caption: `${label} per fit (one dot per seed); black: mean with its 95% t interval over seeds.`
        });
    }

    const command = commandLine('hs-moe-sensitivity', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: SENSITIVITY_SEED
    });
    const stopped = outcomes.length < tasks.length;
    const cell = (setting: string, key: MetricKey, digits: number, field: 'own' | 'difference') => {
        const s = summary.find(r => r['setting'] === setting && r['metric'] === key);
        if (!s) return '–';
        const interval: MeanInterval =
            field === 'own'
                ? {
                      n: s['n'] as number,
                      mean: s['mean'] as number,
                      sd: null,
                      se: null,
                      lower: s['lower'] as number | null,
                      upper: s['upper'] as number | null
                  }
                : {
                      n: s['pairs'] as number,
                      mean: s['differenceFromDefault'] as number,
                      sd: null,
                      se: null,
                      lower: s['differenceLower'] as number | null,
                      upper: s['differenceUpper'] as number | null
                  };
        return formatInterval(interval, digits);
    };
    const markdown = [
        `# HS-MoE sensitivity: horseshoe scales and sweep_every${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `HSMOE-SYN-10x3 (n = ${config.n}, ${config.nTest} held-out rows, the example's data), each setting changed one at a time from the default, ${config.seeds} algorithm seeds per setting; ` +
            `${config.chains} filters × ${config.particles} particles, moves after 10, 20, 40, … observations. ${outcomes.length} of ${tasks.length} fits done.`,
        '',
        'Mean over seeds [95% t interval]:',
        '',
        markdownTable(
            ['setting', ...COMPARED.map(c => c[1])],
            config.settings.map(s => [s.name, ...COMPARED.map(([k, , d]) => cell(s.name, k, d, 'own'))])
        ),
        '',
        'Difference from the default, paired by seed [95% t interval]:',
        '',
        markdownTable(
            ['setting', ...COMPARED.map(c => c[1])],
            config.settings
                .filter(s => s !== DEFAULT)
                .map(s => [s.name, ...COMPARED.map(([k, , d]) => cell(s.name, k, d, 'difference'))])
        ),
        '',
        `With ${config.seeds} seeds a t interval has ${Math.max(0, config.seeds - 1)} degrees of freedom and is wide; differences whose interval covers 0 are not resolved by this run.`,
        '',
        `Plots: ${Object.keys(plots)
            .map(p => `\`${p}.svg\``)
            .join(', ')}. Tables: \`fits.csv\`, \`summary.csv\`.`
    ].join('\n');
    return {
        markdown,
        tables: { fits: fitRows, summary },
        plots,
        data: { experiment: 'hs-moe-sensitivity', command, config, seed: options.seed, fits: fitRows, summary },
        stopped
    };
}

export const hsMoeSensitivity: Experiment = {
    name: 'hs-moe-sensitivity',
    summary:
        'horseshoe global and local scales and sweep_every, one at a time: usage, effective experts, held-out score',
    run: options => {
        const base = options.quick ? SENSITIVITY_QUICK : SENSITIVITY_FULL;
        return runSensitivity(
            options.replicates !== undefined ? { ...base, seeds: options.replicates } : base,
            options
        );
    }
};
