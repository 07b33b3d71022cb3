/**
 * `moe sbc FILE.moe|PLAN.json [--replicates R] [--draws L] [--bins B] [--jobs N] [--seed S]
 * [--out DIR] [--quiet]`: simulation-based calibration of a particle-learning model. Replicates
 * run side by side on a worker pool (one replicate per thread, its filters one after another),
 * each a function of the plan's seed and its index only, so the ranks do not depend on --jobs.
 * Ctrl-C stops every replicate and writes the report of those finished. Exit codes: 0 no
 * quantity miscalibrated, 1 a model that cannot be simulated or a quantity that fails its
 * uniformity test, 2 usage errors, 130 stopped with Ctrl-C (the partial report is written).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkParticleLearning } from '@moe-studio/engine';
import { WorkerPool } from '@moe-studio/engine/parallel';
import {
    designOf,
    quantityNames,
    sbcRefusal,
    summarizeCalibration,
    type ReplicateOutcome,
    type SbcTask
} from '@moe-studio/engine/sbc';
import { writeReportFolder } from '../experiments/report/write-report.js';
import { sbcReport } from '../sbc/sbc-report.js';
import { displayPath, loadPlanFile, parseJobs, usageError } from './run/load-plan.js';
import { ProgressLine } from './run/progress-line.js';

export interface SbcOptions {
    replicates?: string;
    draws?: string;
    bins?: string;
    jobs?: string;
    seed?: string;
    out?: string;
    quiet?: boolean;
}

const MAX_REPLICATES = 100_000;
const MAX_DRAWS = 10_000;

function integerOption(
    name: string,
    text: string | undefined,
    fallback: number,
    min: number,
    max: number
): number | string {
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max)
        return `--${name} must be an integer from ${min} to ${max}, got '${text}'`;
    return value;
}

function sbcWorkerPath(): string {
    const candidates = [join(__dirname, 'sbc-worker.cjs'), join(__dirname, '..', '..', '..', 'dist', 'sbc-worker.cjs')];
    return candidates.find(existsSync) ?? candidates[0]!;
}

export async function sbcCommand(file: string, options: SbcOptions): Promise<number> {
    const replicates = integerOption('replicates', options.replicates, 200, 2, MAX_REPLICATES);
    const draws = integerOption('draws', options.draws, 99, 1, MAX_DRAWS);
    const seedOverride = integerOption('seed', options.seed, -1, 0, Number.MAX_SAFE_INTEGER);
    for (const v of [replicates, draws, seedOverride]) if (typeof v === 'string') return usageError(v);
    const L = draws as number;
    const bins = integerOption('bins', options.bins, Math.min(20, L + 1), 2, L + 1);
    if (typeof bins === 'string') return usageError(bins);
    if ((L + 1) % bins !== 0)
        return usageError(
            `--bins ${bins} must divide the ${L + 1} possible ranks of ${L} draws (try --draws ${bins * Math.ceil((L + 1) / bins) - 1})`
        );
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;

    const loaded = await loadPlanFile(file);
    if (loaded.plan === undefined) return loaded.exitCode;
    let plan = loaded.plan;
    if (seedOverride !== -1) plan = { ...plan, inference: { ...plan.inference, seed: seedOverride as number } };
    const shown = displayPath(file);
    const refusal = sbcRefusal(plan);
    if (refusal) {
        process.stderr.write(`${shown}: error: ${refusal}\n`);
        return 1;
    }
    const design = await designOf(plan);
    checkParticleLearning(plan, design, undefined);
    const names = quantityNames(plan.experts.count, design.columns);
    const out = resolve(
        options.out ?? join(dirname(resolve(file)), 'moe-sbc', basename(file).replace(/\.(moe|json)$/i, ''))
    );

    const pool = new WorkerPool<SbcTask, ReplicateOutcome>({
        workerFile: sbcWorkerPath(),
        what: 'calibration worker',
        threads: threads.jobs
    });
    const stop = new SharedArrayBuffer(4);
    const progress = !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
    if (progress) progress.label = 'sbc ';
    const started = Date.now();
    const outcomes: ReplicateOutcome[] = [];
    let interrupted = false;
    const onInterrupt = () => {
        interrupted = true;
        Atomics.store(new Int32Array(stop), 0, 1);
    };
    process.on('SIGINT', onInterrupt);
    let failure: unknown;
    try {
        const R = replicates as number;
        progress?.count(0, R, 'replicates', 0);
        await Promise.all(
            Array.from({ length: R }, (_, replicate) =>
                pool.run({ plan, replicate, draws: L, stop }).then(
                    outcome => {
                        outcomes.push(outcome);
                        progress?.count(outcomes.length, R, 'replicates', (Date.now() - started) / 1000);
                    },
                    (error: unknown) => {
                        if (!interrupted) {
                            failure ??= error;
                            onInterrupt();
                        }
                    }
                )
            )
        );
    } finally {
        process.off('SIGINT', onInterrupt);
        progress?.clear();
        await pool.close();
    }
    if (failure !== undefined && !interrupted) throw failure;
    if (failure !== undefined) {
        process.stderr.write(`${shown}: error: a replicate failed: ${(failure as Error).message}\n`);
        return 1;
    }
    outcomes.sort((a, b) => a.replicate - b.replicate);
    if (outcomes.length < 2) {
        process.stderr.write(
            `${shown}: calibration stopped with ${outcomes.length} replicate(s) done; no report written\n`
        );
        return 130;
    }
    const summary = summarizeCalibration(names, outcomes, L, bins);
    const command = [
        'npx moe sbc',
        shown,
        `--replicates ${replicates}`,
        `--draws ${L}`,
        `--bins ${bins}`,
        ...(seedOverride !== -1 ? [`--seed ${seedOverride}`] : [])
    ].join(' ');
    const settings = {
        particles: plan.inference.algorithm === 'particle-learning' ? plan.inference.particles : 0,
        chains: plan.inference.algorithm === 'particle-learning' ? plan.inference.chains : 1,
        seed: plan.inference.seed,
        rows: design.n
    };
    const report = sbcReport({
        command,
        model: plan.model.name,
        names,
        summary,
        outcomes,
        requested: replicates as number,
        stopped: interrupted,
        settings
    });
    try {
        await writeReportFolder(out, report);
    } catch (error) {
        return usageError(`cannot write the report to ${out}: ${(error as Error).message}`);
    }
    if (!options.quiet) {
        process.stdout.write(
            `${summary.calibrated ? 'calibrated' : 'MISCALIBRATED'}: ${summary.replicates} replicates, ${summary.histograms.length} quantities` +
                `${summary.failing.length > 0 ? `; failing: ${summary.failing.join(', ')}` : ''}; report in ${displayPath(out)}\n`
        );
    }
    if (interrupted) return 130;
    return summary.calibrated ? 0 : 1;
}
