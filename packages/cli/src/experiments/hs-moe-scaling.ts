/**
 * `moe experiment hs-moe-scaling`: HS-MoE particle learning as the number of experts K grows
 * (K = 10, 50, 100 with 3 active, the benchmark's generator otherwise): CPU time per
 * particle-observation, memory per particle, the smallest ESS, and the sparsity recovered (top-3
 * usage, effective experts), per K over algorithm seeds; and what a fit with the example's
 * settings (4 filters × 500 particles) would cost at each K on this machine.
 */
import { particleBytes } from '@moe-studio/engine';
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits, type FitTask } from './fit-runner.js';
import { BENCHMARK, syntheticPlan, TRUST_DEFAULTS } from './hs-moe/synthetic-plan.js';
import { dataFrequencies, fitMetrics, type FitMetrics } from './hs-moe/fit-metrics.js';
import { commandLine, fixed, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const SCALING_SEED = 7919;

export interface ScalingConfig {
    experts: number[];
    active: number;
    seeds: number;
    particles: number;
    chains: number;
    n: number;
    nTest: number;
}

/**
 * Sized for a 2-core machine: 2 filters × 250 particles, three algorithm seeds per K, so each K's
 * time and sparsity have an interval (`--replicates` changes the count).
 */
export const SCALING_FULL: ScalingConfig = {
    experts: [10, 50, 100],
    active: 3,
    seeds: 3,
    particles: 250,
    chains: 2,
    n: BENCHMARK.n,
    nTest: 1000
};
export const SCALING_QUICK: ScalingConfig = {
    experts: [10, 50, 100],
    active: 3,
    seeds: 1,
    particles: 40,
    chains: 2,
    n: 200,
    nTest: 200
};

interface ScalingTask extends FitTask {
    K: number;
    seed: number;
}

export function scalingTasks(config: ScalingConfig, seed: number): ScalingTask[] {
    return config.experts.flatMap(K =>
        Array.from({ length: config.seeds }, (_, s) => ({
            label: `K=${K} seed ${seed + s}`,
            K,
            seed: seed + s,
            plan: syntheticPlan({
                design: {
                    ...BENCHMARK,
                    experts: K,
                    active: config.active,
                    n: config.n,
                    nTest: config.nTest,
                    dataSeed: BENCHMARK.dataSeed + K,
                    testSeed: BENCHMARK.testSeed + K
                },
                seed: seed + s,
                inference: { particles: config.particles, chains: config.chains }
            })
        }))
    );
}

export async function runScaling(config: ScalingConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const tasks = scalingTasks(config, options.seed);
    const outcomes = await runFits(tasks, options);
    const fits = outcomes.map((o, i) => {
        const task = tasks[i]!;
        const source = task.plan.data.train.source;
        if (source.kind !== 'sparse-experts') throw new Error('expected a sparse-experts source');
        const metrics: FitMetrics = fitMetrics(o.result, dataFrequencies(source), config.active);
        const chainSeconds = o.result.timing.chainSeconds ?? [];
        const cpuSeconds = chainSeconds.reduce((a, b) => a + b, 0);
        const bytes = particleBytes(task.plan, source.inputs + 1, true, source.n);
        return {
            K: task.K,
            seed: task.seed,
            hash: o.hash,
            microsecondsPerParticleObservation: (1e6 * cpuSeconds) / (config.chains * config.particles * source.n),
            bytesPerParticle: bytes,
            filterCpuSeconds: cpuSeconds,
            ...metrics
        };
    });
    const perK = config.experts.map(K => {
        const mine = fits.filter(f => f.K === K);
        const us = meanInterval(mine.map(f => f.microsecondsPerParticleObservation));
        const bytes =
            mine[0]?.bytesPerParticle ??
            particleBytes(tasks.find(t => t.K === K)!.plan, BENCHMARK.inputs + 1, true, config.n);
        // The example's fit at this K: 4 filters × 500 particles over n observations, CPU seconds,
        // and the memory the engine plans for (three copies of every filter's particles).
        const trustParticles = TRUST_DEFAULTS.chains * TRUST_DEFAULTS.particles;
        return {
            K,
            fits: mine.length,
            microsecondsPerParticleObservation: us.mean,
            microsecondsLower: us.lower,
            microsecondsUpper: us.upper,
            bytesPerParticle: bytes,
            minEssFraction: meanInterval(mine.map(f => f.minEssFraction)).mean,
            top3Usage: meanInterval(mine.map(f => f.top3Usage)).mean,
            effectiveEntropy: meanInterval(mine.map(f => f.effectiveEntropy)).mean,
            expertsAbove1pct: meanInterval(mine.map(f => f.expertsAbove1pct)).mean,
            heldOutMlpd: meanInterval(mine.flatMap(f => (f.heldOutMlpd === null ? [] : [f.heldOutMlpd]))).mean,
            trustFitCpuSeconds: us.mean * 1e-6 * trustParticles * config.n,
            trustFitMiB: (3 * trustParticles * bytes) / 2 ** 20
        };
    });

    const plots: Record<string, string> = {};
    if (fits.length > 0) {
        plots['time-per-particle-observation'] = svgPlot({
            width: 640,
            x: { label: 'experts K', type: 'log', ticks: config.experts },
            y: { label: 'µs per particle-observation (CPU)', type: 'log' },
            marks: [
                Plot.line(
                    perK.filter(r => r.fits > 0),
                    { x: 'K', y: 'microsecondsPerParticleObservation', stroke: 'steelblue' }
                ),
                Plot.dot(fits, { x: 'K', y: 'microsecondsPerParticleObservation', stroke: 'steelblue', r: 3.5 })
            ],
            caption: 'CPU time per particle-observation against K (log-log), one dot per fit.'
        });
        plots['sparsity-by-k'] = svgPlot({
            width: 640,
            x: { label: 'experts K', type: 'log', ticks: config.experts },
            y: { label: 'effective experts', zero: true },
            marks: [
                Plot.ruleY([config.active], { stroke: '#999', strokeDasharray: '4 3' }),
                Plot.dot(fits, { x: 'K', y: 'effectiveEntropy', stroke: 'steelblue', r: 3.5 }),
                Plot.dot(fits, { x: 'K', y: 'expertsAbove1pct', symbol: 'square', stroke: 'seagreen', r: 3 })
            ],
            caption: `Effective experts (circles: exp entropy; squares: usage above 1%) against K; dashed: the ${config.active} active experts.`
        });
    }
    const command = commandLine('hs-moe-scaling', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: SCALING_SEED
    });
    const stopped = outcomes.length < tasks.length;
    const markdown = [
        `# HS-MoE scaling in K${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `K = ${config.experts.join(', ')} experts of which ${config.active} are active (the benchmark's generator, 5 inputs, n = ${config.n}, ${config.nTest} held-out rows), ` +
            `${config.seeds} algorithm seed(s) per K; ${config.chains} filters × ${config.particles} particles, moves after 10, 20, 40, … observations, horseshoe gate prior. ` +
            `${outcomes.length} of ${tasks.length} fits done. Time is the filters' CPU time (one filter per thread), on a 2-core machine shared with other work: compare the rows with each other.`,
        '',
        markdownTable(
            [
                'K',
                'fits',
                'µs per particle-obs. [95% CI]',
                'bytes per particle',
                'min ESS / N',
                'top-3 usage',
                'eff. experts (entropy)',
                '> 1%',
                'held-out mlpd',
                'example fit (4 × 500): CPU s',
                'its memory (MiB)'
            ],
            perK.map(r => [
                String(r.K),
                String(r.fits),
                formatInterval(
                    {
                        n: r.fits,
                        mean: r.microsecondsPerParticleObservation,
                        sd: null,
                        se: null,
                        lower: r.microsecondsLower,
                        upper: r.microsecondsUpper
                    },
                    2
                ),
                String(r.bytesPerParticle),
                fixed(r.minEssFraction),
                fixed(r.top3Usage),
                fixed(r.effectiveEntropy, 2),
                fixed(r.expertsAbove1pct, 1),
                fixed(r.heldOutMlpd, 4),
                fixed(r.trustFitCpuSeconds, 0),
                fixed(r.trustFitMiB, 1)
            ])
        ),
        '',
        'Per fit:',
        '',
        markdownTable(
            [
                'K',
                'seed',
                'µs per particle-obs.',
                'top-3 usage',
                'eff. experts',
                '> 1%',
                'min ESS / N',
                'log Ẑ',
                'wall s'
            ],
            fits.map(f => [
                String(f.K),
                String(f.seed),
                fixed(f.microsecondsPerParticleObservation, 2),
                fixed(f.top3Usage),
                fixed(f.effectiveEntropy, 2),
                String(f.expertsAbove1pct),
                fixed(f.minEssFraction),
                fixed(f.logZ, 2),
                fixed(f.seconds, 1)
            ])
        ),
        '',
        `Plots: ${Object.keys(plots)
            .map(p => `\`${p}.svg\``)
            .join(', ')}. Tables: \`fits.csv\`, \`by-k.csv\`.`
    ].join('\n');
    return {
        markdown,
        tables: { fits, 'by-k': perK },
        plots,
        data: { experiment: 'hs-moe-scaling', command, config, seed: options.seed, fits, perK },
        stopped
    };
}

export const hsMoeScaling: Experiment = {
    name: 'hs-moe-scaling',
    summary:
        'K = 10, 50, 100 experts (3 active): time per particle-observation, memory per particle, ESS, recovered sparsity',
    run: options => {
        const base = options.quick ? SCALING_QUICK : SCALING_FULL;
        return runScaling(options.replicates !== undefined ? { ...base, seeds: options.replicates } : base, options);
    }
};
