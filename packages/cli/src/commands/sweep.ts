/**
 * `moe sweep FILE.moe|PLAN.json --set KEY=V1,V2,... [--seeds A..B] [--jobs N] [--results DIR]
 * [--json OUT] [--quiet]`: run the Cartesian product of the swept settings times the seeds, one
 * task after another on the run worker, store each result as `<hash>.json` in the results
 * folder (default `moe-results/` next to the model), reuse the ones already there, and print a
 * summary per setting. Exit codes: 0 ok, 1 invalid model or data or a task that failed, 2 usage
 * errors (also a sweep of zero tasks), 130 stopped with Ctrl-C (finished results are kept).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CancelledError, DataError, NumericalError, PlanError, type RunResult } from '@moe-studio/engine';
import { writeJsonAtomic } from '@moe-studio/engine/files';
import { formatDataError } from './run.js';
import { displayPath, jsonFolderMissing, loadPlanFile, parseJobs, usageError } from './run/load-plan.js';
import { ProgressLine } from './run/progress-line.js';
import { runInWorker } from './run/run-in-worker.js';
import { checkSettingsApply, parseSeeds, parseSettings } from './sweep/settings.js';
import { expandTasks } from './sweep/tasks.js';
import { readStored, resultPath, writeStored } from './sweep/result-cache.js';
import { formatSweepSummary, logEvidence, summarize } from './sweep/summary.js';

export interface SweepOptions { set?: string[]; seeds?: string; jobs?: string; results?: string; json?: string; quiet?: boolean }

export interface SweepTaskReport {
    hash: string;
    setting: Record<string, string>;
    seed: number;
    file: string;
    /** reused: a stored result; computed: run now; recomputed: run now over a corrupt stored file. */
    status: 'reused' | 'computed' | 'recomputed';
    logEvidence: number;
    effectiveExperts: number | null;
    meanLogPredictiveDensity: number | null;
    seconds: number;
}

export async function sweepCommand(file: string, options: SweepOptions): Promise<number> {
    const settings = parseSettings(options.set ?? []);
    if (settings === 2) return 2;
    const seeds = parseSeeds(options.seeds);
    if (seeds === 2) return 2;
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    if (jsonFolderMissing(options.json)) return 2;
    const loaded = await loadPlanFile(file);
    if (loaded.plan === undefined) return loaded.exitCode;
    if (checkSettingsApply(loaded.plan, settings) === 2) return 2;
    const tasks = expandTasks(loaded.plan, settings, seeds.seeds);
    if (tasks.length === 0) return usageError('the sweep has no tasks (check --seeds: A..B needs A <= B)');

    const folder = resolve(options.results ?? join(dirname(resolve(file)), 'moe-results'));
    try {
        await mkdir(folder, { recursive: true });
    } catch (error) {
        return usageError(`--results ${options.results ?? folder}: cannot create the folder (${(error as Error).message})`);
    }

    const shown = displayPath(file);
    const progress = !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
    const reports: SweepTaskReport[] = [];
    const outcomes: Array<{ label: string; result: RunResult }> = [];
    let current: ReturnType<typeof runInWorker> | undefined;
    let interrupts = 0;
    const onInterrupt = () => {
        interrupts++;
        if (interrupts === 1) current?.cancel();
        else void current?.terminate();
    };
    process.on('SIGINT', onInterrupt);
    try {
        for (const [index, task] of tasks.entries()) {
            if (interrupts > 0) break;
            const lookup = await readStored(folder, task.hash);
            let result: RunResult;
            let status: SweepTaskReport['status'];
            if (lookup.kind === 'found') {
                result = lookup.stored.result;
                status = 'reused';
            } else {
                if (lookup.kind === 'corrupt') {
                    progress?.clear();
                    process.stderr.write(`moe: warning: ${displayPath(resultPath(folder, task.hash))}: ${lookup.reason}; recomputing (${task.label} seed=${task.seed})\n`);
                }
                if (progress) progress.label = `task ${index + 1}/${tasks.length} ${task.label} seed=${task.seed} `;
                current = runInWorker(task.plan, progress ? p => progress.update(p) : undefined, threads.jobs);
                try {
                    result = await current.result;
                } catch (error) {
                    progress?.clear();
                    if (error instanceof CancelledError || interrupts > 0) break;
                    const which = `task ${task.hash.slice(0, 12)} (${task.label} seed=${task.seed})`;
                    if (error instanceof DataError) process.stderr.write(`${formatDataError(error)}\n`);
                    else if (error instanceof PlanError) process.stderr.write(`${shown}: error: ${which}: ${error.message}\n`);
                    else if (error instanceof NumericalError) process.stderr.write(`${shown}: error: ${which}: the run stopped: ${error.message}\n`);
                    else throw error;
                    return 1;
                }
                await writeStored(folder, { hash: task.hash, setting: task.setting, seed: task.seed, plan: task.plan, result });
                status = lookup.kind === 'corrupt' ? 'recomputed' : 'computed';
            }
            outcomes.push({ label: task.label, result });
            reports.push({
                hash: task.hash, setting: task.setting, seed: task.seed, file: resultPath(folder, task.hash), status,
                logEvidence: logEvidence(result),
                effectiveExperts: result.algorithm === 'particle-learning' ? result.effectiveExperts.entropy : null,
                meanLogPredictiveDensity: result.predictive?.meanLogPredictiveDensity ?? null,
                seconds: result.timing.seconds
            });
        }
    } finally {
        process.off('SIGINT', onInterrupt);
        progress?.clear();
    }

    if (interrupts > 0) {
        process.stderr.write(`${shown}: sweep cancelled; ${reports.length} of ${tasks.length} tasks finished, their results kept in ${displayPath(folder)}\n`);
        return 130;
    }
    const summaries = summarize(outcomes);
    const counts = { reused: 0, computed: 0, recomputed: 0 };
    for (const r of reports) counts[r.status]++;
    if (options.json) {
        const document = {
            model: loaded.plan.model,
            algorithm: loaded.plan.inference.algorithm,
            results: folder,
            settings,
            seeds: [...new Set(tasks.map(t => t.seed))],
            counts: { tasks: tasks.length, ...counts },
            tasks: reports,
            summaries
        };
        try {
            await writeJsonAtomic(options.json, document);
        } catch (error) {
            return usageError(`cannot write ${options.json}: ${(error as Error).message}`);
        }
    }
    if (!options.quiet) {
        process.stdout.write(`Sweep of ${shown}: ${tasks.length} tasks (${counts.computed + counts.recomputed} run, ${counts.reused} reused), results in ${displayPath(folder)}\n`);
        process.stdout.write(formatSweepSummary(summaries, loaded.plan.inference.algorithm));
    }
    return 0;
}
