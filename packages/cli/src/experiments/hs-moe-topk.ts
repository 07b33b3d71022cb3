/**
 * `moe experiment hs-moe-topk`: HS-MoE against a softmax-gated MoE with deterministic top-k
 * routing (k = 1, 2, and the dense k = K for reference) on the same data and the same expert
 * pool (K linear-Gaussian experts on the same design): wall-clock, held-out log score, RMSE,
 * 90% coverage and expert usage, per data replicate and as means with 95% t intervals. The
 * HS-MoE fits are those of hs-moe-sparsity (same plans, so stored fits are reused); the top-k
 * fits are EM (engine/topk), best of a few random starts, one data replicate per pool thread.
 */
import type { Experiment, ExperimentOptions, ExperimentReport } from './experiment.js';
import { runFits } from './fit-runner.js';
import { TOPK_DEFAULTS } from '@moe-studio/engine';
import { runFitTasks } from './fit-pool.js';
import { methodName, type MethodRow } from './hs-moe/topk-fits.js';
import { asParticleLearning } from './hs-moe/fit-metrics.js';
import { replicateDataSeed, syntheticPlan } from './hs-moe/synthetic-plan.js';
import { SPARSITY_FULL, SPARSITY_QUICK, type SparsityConfig } from './hs-moe-sparsity.js';
import { commandLine, markdownTable } from './report/markdown.js';
import { formatInterval, meanInterval, pairedDifference } from './stats.js';
import { Plot, svgPlot } from './report/svg-plot.js';

export const TOPK_SEED = 7919;

export type { MethodRow } from './hs-moe/topk-fits.js';

export interface TopKConfig {
    hsMoe: SparsityConfig;
    replicates: number;
    ks: number[];
    starts: number;
    maxIterations: number;
}

export const TOPK_FULL: TopKConfig = {
    hsMoe: SPARSITY_FULL,
    replicates: SPARSITY_FULL.dataReplicates,
    ks: [1, 2, 10],
    starts: 3,
    maxIterations: 300
};
export const TOPK_QUICK: TopKConfig = {
    hsMoe: SPARSITY_QUICK,
    replicates: SPARSITY_QUICK.dataReplicates,
    ks: [1, 2, 10],
    starts: 3,
    maxIterations: 200
};

export async function runTopK(config: TopKConfig, options: ExperimentOptions): Promise<ExperimentReport> {
    const plans = Array.from({ length: config.replicates }, (_, r) =>
        syntheticPlan({
            design: replicateDataSeed(config.hsMoe.design, r),
            seed: options.seed,
            inference: { particles: config.hsMoe.particles, chains: config.hsMoe.chains }
        })
    );
    const outcomes = await runFits(
        plans.map((plan, r) => ({ label: `HS-MoE data ${r + 1}`, plan })),
        { ...options, total: config.replicates * (1 + config.ks.length) }
    );
    const total = config.replicates * (1 + config.ks.length);
    const topK = await runFitTasks(
        'topKFitTask',
        outcomes.map((_, r) => ({
            plan: plans[r]!,
            ks: config.ks,
            starts: config.starts,
            maxIterations: config.maxIterations,
            replicate: r + 1,
            seed: options.seed
        })),
        {
            jobs: options.jobs,
            signal: options.signal,
            onDone: (fits, done) =>
                options.onProgress(outcomes.length + done * config.ks.length, total, `top-k data ${fits[0]?.replicate}`)
        }
    );
    const rows: MethodRow[] = [];
    for (const [r, outcome] of outcomes.entries()) {
        const result = asParticleLearning(outcome.result);
        const p = result.predictive!;
        const fits = topK.results.find(f => f[0]?.replicate === r + 1);
        if (!fits) break;
        rows.push(
            {
                replicate: r + 1,
                method: 'HS-MoE',
                wallSeconds: result.timing.seconds,
                heldOutMlpd: p.meanLogPredictiveDensity,
                rmse: p.rmse,
                coverage50: p.coverage['0.5'] ?? NaN,
                coverage90: p.coverage['0.9'] ?? NaN,
                top3Usage: result.sortedUsage[0]! + result.sortedUsage[1]! + result.sortedUsage[2]!,
                expertsAbove1pct: result.effectiveExperts.aboveOnePercent
            },
            ...fits
        );
    }
    const K = config.hsMoe.design.experts;
    const methods = ['HS-MoE', ...config.ks.map(k => methodName(k, K))];
    const columns: Array<[string, string, number]> = [
        ['wallSeconds', 'wall s', 2],
        ['heldOutMlpd', 'held-out mean log score', 4],
        ['rmse', 'held-out RMSE', 4],
        ['coverage90', '90% coverage', 3],
        ['top3Usage', 'top-3 usage', 3],
        ['expertsAbove1pct', 'experts above 1%', 1]
    ];
    const summary = methods.flatMap(method =>
        columns.map(([key, label]) => ({
            method,
            metric: key,
            label,
            ...meanInterval(rows.filter(x => x.method === method).map(x => Number(x[key])))
        }))
    );
    const paired = config.ks.map(k => {
        const name = methodName(k, K);
        const reps = rows.filter(x => x.method === name).map(x => x.replicate);
        const hs = reps.map(r => rows.find(x => x.method === 'HS-MoE' && x.replicate === r)!.heldOutMlpd);
        const other = reps.map(r => rows.find(x => x.method === name && x.replicate === r)!.heldOutMlpd);
        return { comparison: `HS-MoE − ${name}`, metric: 'heldOutMlpd', ...pairedDifference(hs, other) };
    });

    const plots: Record<string, string> = {};
    if (rows.length > 0) {
        plots['held-out-log-score'] = svgPlot({
            width: 640,
            marginLeft: 160,
            y: { label: null, type: 'band', domain: methods },
            x: { label: 'held-out mean log score (higher is better)' },
            marks: [
                Plot.dot(rows, { y: 'method', x: 'heldOutMlpd', stroke: 'steelblue', r: 3.5 }),
                Plot.text(rows, {
                    y: 'method',
                    x: 'heldOutMlpd',
                    text: (d: MethodRow) => String(d.replicate),
                    dy: -9,
                    fontSize: 9
                })
            ],
            caption: 'Held-out mean log predictive density per data replicate (labels: replicate).'
        });
        plots['wall-clock'] = svgPlot({
            width: 640,
            marginLeft: 160,
            y: { label: null, type: 'band', domain: methods },
            x: { label: 'wall-clock seconds per fit', type: 'log' },
            marks: [Plot.dot(rows, { y: 'method', x: 'wallSeconds', stroke: 'darkorange', r: 3.5 })],
            caption:
                'Wall-clock seconds per fit (HS-MoE: the whole run on the pool; top-k: all random starts on one thread).'
        });
    }
    const command = commandLine('hs-moe-topk', {
        quick: options.quick,
        seed: options.seed,
        replicates: options.replicates,
        defaultSeed: TOPK_SEED
    });
    const stopped = rows.length < config.replicates * (1 + config.ks.length);
    const markdown = [
        `# HS-MoE against deterministic top-k routing${stopped ? ' (stopped: partial)' : ''}`,
        '',
        `Command: \`${command}\``,
        '',
        `HSMOE-SYN-${K}x${config.hsMoe.design.active}, ${config.replicates} data replicates; every method has the same ${K} linear-Gaussian experts on the same design (intercept and ${config.hsMoe.design.inputs} inputs). ` +
            `HS-MoE: ${config.hsMoe.chains} filters × ${config.hsMoe.particles} particles (the hs-moe-sparsity fits with seed ${options.seed}). ` +
            `Top-k: softmax gate with deterministic top-k routing, fitted by generalised EM (ridge ${TOPK_DEFAULTS.ridge} on the gate, at most ${config.maxIterations} iterations per stage, best of ${config.starts} random starts), a plug-in predictive; ` +
            'a top-k fit starts from the dense fit of the same start (from a random gate, top-k EM cannot learn where to route), and its time includes that dense stage.',
        '',
        'Mean over data replicates [95% t interval]:',
        '',
        markdownTable(
            ['method', ...columns.map(c => c[1])],
            methods.map(m => [
                m,
                ...columns.map(([key, , digits]) =>
                    formatInterval(
                        summary.find(s => s.method === m && s.metric === key)!,
                        digits
                    )
                )
            ])
        ),
        '',
        'Paired difference of held-out mean log score, per data replicate:',
        '',
        markdownTable(
            ['comparison', 'mean [95% CI]', 'replicates'],
            paired.map(p => [p.comparison, formatInterval(p, 4), String(p.n)])
        ),
        '',
        'Top-k usage is the mean routed gate probability over training rows; HS-MoE usage is the posterior mean. Wall-clock is not like for like: HS-MoE runs its filters on the worker pool, top-k EM on one thread.',
        '',
        `Plots: ${Object.keys(plots)
            .map(p => `\`${p}.svg\``)
            .join(', ')}. Tables: \`fits.csv\`, \`summary.csv\`, \`paired.csv\`.`
    ].join('\n');
    return {
        markdown,
        tables: { fits: rows, summary, paired },
        plots,
        data: { experiment: 'hs-moe-topk', command, config, seed: options.seed, fits: rows, summary, paired },
        stopped
    };
}

export const hsMoeTopK: Experiment = {
    name: 'hs-moe-topk',
    summary:
        'HS-MoE against softmax MoE with deterministic top-1 / top-2 routing (EM), same data and experts: time, held-out score, RMSE, usage',
    run: options => {
        const base = options.quick ? TOPK_QUICK : TOPK_FULL;
        return runTopK(
            options.replicates !== undefined
                ? {
                      ...base,
                      replicates: options.replicates,
                      hsMoe: { ...base.hsMoe, dataReplicates: options.replicates }
                  }
                : base,
            options
        );
    }
};
