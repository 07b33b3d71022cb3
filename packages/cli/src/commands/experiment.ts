/**
 * `moe experiment NAME [--quick] [--out DIR] [--jobs N] [--seed N] [--replicates N]` and
 * `moe experiment --list`: run a built-in experiment and write its report folder (summary.md,
 * CSV tables, SVG plots, result.json) to DIR (default `reports/NAME/`, `reports/NAME-quick/`
 * with --quick). Fits are stored in `moe-results/` of the working directory (or --results) and
 * reused. One aggregated progress line on stderr. Ctrl-C starts no new fit, stops the running
 * one and writes the report of what is done, marked stopped (exit 130).
 * Exit codes: 0 ok, 1 a fit failed, 2 usage errors, 130 stopped.
 */
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { DataError, NumericalError, PlanError } from '@moe-studio/engine';
import { experiments, findExperiment } from '../experiments/registry.js';
import { writeReportFolder } from '../experiments/report/write-report.js';
import type { ExperimentReport } from '../experiments/experiment.js';
import { displayPath, parseJobs, usageError } from './run/load-plan.js';
import { duration } from './run/format.js';
import { formatDataError } from './run.js';

export interface ExperimentCliOptions {
    list?: boolean;
    quick?: boolean;
    out?: string;
    jobs?: string;
    seed?: string;
    replicates?: string;
    results?: string;
}

/** Default seeds of the experiments (each experiment's own when --seed is not given). */
const DEFAULT_SEED = 7919;

function positiveInteger(flag: string, text: string | undefined, min: number): number | undefined | 2 {
    if (text === undefined) return undefined;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min)
        return usageError(`${flag} must be an integer of at least ${min}, got '${text}'`);
    return value;
}

export function listExperiments(): string {
    const width = Math.max(...[...experiments.keys()].map(n => n.length));
    return [...experiments.values()].map(e => `${e.name.padEnd(width)}  ${e.summary}`).join('\n') + '\n';
}

export async function experimentCommand(name: string | undefined, options: ExperimentCliOptions): Promise<number> {
    if (options.list) {
        process.stdout.write(listExperiments());
        return 0;
    }
    if (name === undefined)
        return usageError(`name an experiment (known: ${[...experiments.keys()].join(', ')}) or use --list`);
    const experiment = findExperiment(name);
    if (!experiment) return usageError(`unknown experiment '${name}' (known: ${[...experiments.keys()].join(', ')})`);
    const replicates = positiveInteger('--replicates', options.replicates, 1);
    const seed = positiveInteger('--seed', options.seed, 0);
    if (replicates === 2 || seed === 2) return 2;
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    const out = resolve(options.out ?? `reports/${name}${options.quick ? '-quick' : ''}`);
    const results = resolve(options.results ?? 'moe-results');

    const controller = new AbortController();
    const onInterrupt = () => {
        if (!controller.signal.aborted)
            process.stderr.write('\nmoe: stopping: no new fits; the report will hold what is done\n');
        controller.abort();
    };
    const interactive = process.stderr.isTTY === true;
    const started = performance.now();
    let lastDraw = 0;
    let lastLogged = -1;
    // On a terminal one line redrawn in place; in a log one line per finished fit.
    const onProgress = (done: number, total: number, label: string) => {
        const now = performance.now();
        const elapsed = (now - started) / 1000;
        const eta = done > 0 && done < total ? ` ETA ${duration((elapsed * (total - done)) / done)}` : '';
        const line = `${name}: ${done.toFixed(1)}/${total} fits (${Math.floor((100 * done) / Math.max(1, total))}%) elapsed ${duration(elapsed)}${eta} | ${label}`;
        if (!interactive) {
            if (Math.floor(done) > lastLogged) process.stderr.write(`${line}\n`);
            lastLogged = Math.max(lastLogged, Math.floor(done));
            return;
        }
        if (now - lastDraw < 200 && done < total) return;
        lastDraw = now;
        process.stderr.write(`\r${line.slice(0, Math.max((process.stderr.columns || 80) - 1, 20))}\x1b[K`);
    };
    process.on('SIGINT', onInterrupt);
    let report: ExperimentReport;
    try {
        report = await experiment.run({
            quick: options.quick === true,
            jobs: threads.jobs ?? availableParallelism(),
            seed: seed ?? experiment.defaultSeed ?? DEFAULT_SEED,
            replicates,
            onProgress,
            signal: controller.signal,
            results
        });
    } catch (error) {
        if (interactive) process.stderr.write('\r\x1b[K');
        if (error instanceof DataError) process.stderr.write(`${formatDataError(error)}\n`);
        else if (error instanceof PlanError || error instanceof NumericalError)
            process.stderr.write(`moe: experiment ${name}: a fit failed: ${error.message}\n`);
        else throw error;
        return 1;
    } finally {
        process.off('SIGINT', onInterrupt);
    }
    if (interactive) process.stderr.write('\r\x1b[K');
    try {
        await writeReportFolder(out, report);
    } catch (error) {
        return usageError(`cannot write the report to ${displayPath(out)}: ${(error as Error).message}`);
    }
    const first =
        report.markdown
            .split('\n')
            .find(l => l.startsWith('# '))
            ?.slice(2) ?? name;
    process.stdout.write(`${first}: report in ${displayPath(out)}\n`);
    return report.stopped || controller.signal.aborted ? 130 : 0;
}
