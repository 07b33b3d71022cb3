/**
 * `moe sweep FILE.moe|PLAN.json --set KEY=V1,V2,... [--seeds A..B] [--jobs N] [--results DIR]
 * [--json OUT] [--queue URL | --manifest TASKS.json] [--quiet]`: run the Cartesian product of
 * the swept settings times the seeds, store each result as `<hash>.json` in the results folder
 * (default `moe-results/` next to the model), reuse the ones already there, and print a summary
 * per setting. The tasks run here one after another, or on queue workers (`--queue`), or are
 * written as a task list for a batch scheduler (`--manifest`, then `moe run-task` and
 * `moe collect`). Exit codes: 0 ok, 1 invalid model or data or a task that failed, 2 usage
 * errors (also a sweep of zero tasks, an unreachable queue), 130 stopped with Ctrl-C (finished
 * results are kept).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseQueueUrl, probeQueue } from '../queue/connection.js';
import { runTasksOnQueue } from '../queue/enqueue.js';
import { dataDigests } from '@moe-studio/engine/files';
import { makeManifest, writeManifest } from '../tasks/manifest.js';
import { runTasksLocally } from '../tasks/run-local.js';
import { expandTasks } from '../tasks/task-set.js';
import { displayPath, jsonFolderMissing, loadPlanFile, parseJobs, usageError } from './run/load-plan.js';
import { ProgressLine } from './run/progress-line.js';
import { reportSweep } from './sweep/report.js';
import { checkSettingsApply, parseSeeds, parseSettings } from './sweep/settings.js';

export interface SweepOptions {
    set?: string[];
    seeds?: string;
    jobs?: string;
    results?: string;
    json?: string;
    quiet?: boolean;
    queue?: string;
    manifest?: string;
}

export async function sweepCommand(file: string, options: SweepOptions): Promise<number> {
    const settings = parseSettings(options.set ?? []);
    if (settings === 2) return 2;
    const seeds = parseSeeds(options.seeds);
    if (seeds === 2) return 2;
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    if (jsonFolderMissing(options.json) || jsonFolderMissing(options.manifest)) return 2;
    if (options.queue && options.manifest)
        return usageError('--queue and --manifest are two ways to run a sweep elsewhere; give one');
    const address = options.queue ? parseQueueUrl(options.queue) : undefined;
    if (address && 'error' in address) return usageError(address.error);
    const loaded = await loadPlanFile(file);
    if (loaded.plan === undefined) return loaded.exitCode;
    if (checkSettingsApply(loaded.plan, settings) === 2) return 2;
    let data;
    try {
        data = await dataDigests(loaded.plan);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 1;
    }
    const tasks = expandTasks(loaded.plan, settings, seeds.seeds, data);
    if (tasks.length === 0) return usageError('the sweep has no tasks (check --seeds: A..B needs A <= B)');

    const folder = resolve(options.results ?? join(dirname(resolve(file)), 'moe-results'));
    const shown = displayPath(file);
    if (options.manifest) {
        try {
            await writeManifest(options.manifest, makeManifest(loaded.plan, folder, settings, tasks));
        } catch (error) {
            return usageError(`cannot write ${options.manifest}: ${(error as Error).message}`);
        }
        if (!options.quiet) {
            process.stdout.write(
                `${displayPath(options.manifest)}: ${tasks.length} tasks of ${shown}; run index 0 to ${tasks.length - 1} with moe run-task, ` +
                    `then moe collect ${displayPath(options.manifest)} (results go to ${displayPath(folder)})\n`
            );
        }
        return 0;
    }
    try {
        await mkdir(folder, { recursive: true });
    } catch (error) {
        return usageError(
            `--results ${options.results ?? folder}: cannot create the folder (${(error as Error).message})`
        );
    }

    const progress = !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
    let outcome;
    if (address) {
        const unreachable = await probeQueue(address.options);
        if (unreachable) return usageError(`cannot reach the queue at ${address.shown}: ${unreachable}`);
        const started = Date.now();
        if (progress) progress.label = `on ${address.shown} `;
        outcome = await runTasksOnQueue(tasks, {
            connection: address.options,
            folder,
            onProgress: progress
                ? (done, total) => progress.count(done, total, 'tasks', (Date.now() - started) / 1000)
                : undefined
        });
        progress?.clear();
    } else {
        outcome = await runTasksLocally(tasks, { folder, shownModel: shown, jobs: threads.jobs, progress });
    }
    if (outcome.failure !== undefined) {
        process.stderr.write(`${outcome.failure}\n`);
        return 1;
    }
    if (outcome.interrupted) {
        const running = address ? '; tasks already running on workers finish and are collected by the next run' : '';
        process.stderr.write(
            `${shown}: sweep cancelled; ${outcome.completed.length} of ${tasks.length} tasks finished, their results kept in ${displayPath(folder)}${running}\n`
        );
        return 130;
    }
    return reportSweep({
        plan: loaded.plan,
        shownModel: shown,
        folder,
        settings,
        tasks,
        completed: outcome.completed,
        json: options.json,
        quiet: options.quiet
    });
}
