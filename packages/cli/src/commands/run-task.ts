/**
 * `moe run-task tasks.json [--index N] [--jobs N]`: run one task of a task list written by
 * `moe sweep --manifest`, as one element of a batch job array. The index is 0-based; without
 * `--index` it is read from SLURM_ARRAY_TASK_ID (Slurm job arrays) or JOB_COMPLETION_INDEX
 * (Kubernetes indexed Jobs). The result goes to the list's results folder under the task's
 * hash; a task already stored there is not run again. Exit codes: 0 done (or already done),
 * 1 the task failed, 2 usage errors, 130 stopped with Ctrl-C.
 */
import { mkdir } from 'node:fs/promises';
import { CancelledError } from '@moe-studio/engine';
import { taskFailureMessage, taskName } from '../tasks/completed-task.js';
import { digestMismatch } from '@moe-studio/engine/files';
import { readManifest } from '../tasks/manifest.js';
import { readStored, resultPath, writeStored } from '../tasks/result-store.js';
import { displayPath, parseJobs, usageError } from './run/load-plan.js';
import { ProgressLine } from './run/progress-line.js';
import { runInWorker } from './run/run-in-worker.js';

export interface RunTaskOptions {
    index?: string;
    jobs?: string;
    quiet?: boolean;
}

const INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

/** The index from --index or the scheduler's variable, or a usage error's message. */
export function taskIndex(given: string | undefined, env: NodeJS.ProcessEnv, count: number): number | string {
    let text = given;
    let from = '--index';
    if (text === undefined) {
        const variable = INDEX_VARIABLES.find(v => env[v] !== undefined && env[v] !== '');
        if (!variable)
            return `no task index: give --index N, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes indexed Job (JOB_COMPLETION_INDEX)`;
        text = env[variable]!;
        from = variable;
    }
    const index = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(index) || index >= count)
        return `${from}=${text}: the task list has tasks 0 to ${count - 1}`;
    return index;
}

export async function runTaskCommand(file: string, options: RunTaskOptions): Promise<number> {
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    const read = await readManifest(file);
    if ('error' in read) return usageError(read.error);
    const { manifest } = read;
    const index = taskIndex(options.index, process.env, manifest.tasks.length);
    if (typeof index === 'string') return usageError(index);
    const task = manifest.tasks[index]!;
    const log = (line: string) => {
        if (!options.quiet) process.stderr.write(`${line}\n`);
    };

    try {
        await mkdir(manifest.results, { recursive: true });
    } catch (error) {
        return usageError(`${manifest.results}: cannot create the results folder (${(error as Error).message})`);
    }
    const stored = await readStored(manifest.results, task.hash);
    if (stored.kind === 'found') {
        log(`${taskName(task)}: already done (${displayPath(resultPath(manifest.results, task.hash))})`);
        return 0;
    }
    const mismatch = await digestMismatch(task.data);
    if (mismatch) {
        process.stderr.write(`${mismatch}\n`);
        return 1;
    }

    const progress = !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
    if (progress) progress.label = `task ${index}/${manifest.tasks.length} ${task.label} seed=${task.seed} `;
    const run = runInWorker(task.plan, progress ? p => progress.update(p) : undefined, { jobs: threads.jobs });
    let interrupts = 0;
    const onInterrupt = () => {
        interrupts++;
        if (interrupts === 1) run.cancel();
        else void run.terminate();
    };
    process.on('SIGINT', onInterrupt);
    try {
        const result = await run.result;
        await writeStored(manifest.results, {
            hash: task.hash,
            setting: task.setting,
            seed: task.seed,
            plan: task.plan,
            data: task.data,
            result
        });
        progress?.clear();
        log(
            `${taskName(task)}: done in ${result.timing.seconds.toFixed(1)} s, stored in ${displayPath(resultPath(manifest.results, task.hash))}`
        );
        return 0;
    } catch (error) {
        progress?.clear();
        if (error instanceof CancelledError || interrupts > 0) {
            process.stderr.write(`${taskName(task)}: cancelled; nothing stored\n`);
            return 130;
        }
        const message = taskFailureMessage(task, displayPath(manifest.model.source), error);
        if (message === undefined) throw error;
        process.stderr.write(`${message}\n`);
        return 1;
    } finally {
        process.off('SIGINT', onInterrupt);
    }
}
