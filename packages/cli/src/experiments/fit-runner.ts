/**
 * Runs an experiment's fits: each one a resolved plan run on the run worker (whose pool runs the
 * plan's filters side by side), one fit after another, stored and reused through the sweep's
 * result cache (a fit is named by the SHA-256 of its canonical plan and data, so a rerun, a larger
 * replicate count or another experiment that needs the same fit reads it instead of refitting).
 * Once the experiment's signal is aborted no new fit starts; what is done is returned.
 */
import { mkdir } from 'node:fs/promises';
import { CancelledError, type ExecutionPlan, type RunResult } from '@moe-studio/engine';
import { runInWorker, type WorkerRun } from '../commands/run/run-in-worker.js';
import { dataDigests } from '@moe-studio/engine/files';
import { readStored, writeStored } from '../tasks/result-store.js';
import { taskHash } from '../tasks/task-set.js';
import type { ExperimentOptions } from './experiment.js';

export interface FitTask {
    /** What this fit is, for the progress line and the stored file ("prior=hs replicate=2 seed=7"). */
    label: string;
    plan: ExecutionPlan;
}

export interface FitOutcome<R extends RunResult = RunResult> {
    task: FitTask;
    hash: string;
    result: R;
    reused: boolean;
}

export interface FitRunOptions extends Pick<ExperimentOptions, 'jobs' | 'signal' | 'onProgress'> {
    /** Folder of stored fits. */
    results: string;
    /** Fits done before this batch and the experiment's total, for the aggregated progress. */
    offset?: number;
    total?: number;
}

/**
 * The outcomes of the fits that finished, in task order (a prefix of `tasks` when stopped).
 * A fit that fails rejects with its error (PlanError, DataError, NumericalError).
 */
export async function runFits(tasks: readonly FitTask[], options: FitRunOptions): Promise<FitOutcome[]> {
    await mkdir(options.results, { recursive: true });
    const offset = options.offset ?? 0;
    const total = options.total ?? tasks.length;
    const outcomes: FitOutcome[] = [];
    let current: WorkerRun | undefined;
    // A second abort (a second Ctrl-C) also stops the fit that is running.
    const onAbort = () => current?.cancel();
    for (const task of tasks) {
        if (options.signal.aborted) break;
        const data = await dataDigests(task.plan);
        const hash = taskHash(task.plan, data);
        const lookup = await readStored(options.results, hash);
        if (lookup.kind === 'found') {
            outcomes.push({ task, hash, result: lookup.stored.result, reused: true });
            options.onProgress(offset + outcomes.length, total, task.label);
            continue;
        }
        options.onProgress(offset + outcomes.length, total, task.label);
        current = runInWorker(
            task.plan,
            p =>
                options.onProgress(
                    offset + outcomes.length + p.observationsDone / Math.max(1, p.observationsTotal),
                    total,
                    task.label
                ),
            { jobs: options.jobs }
        );
        let result: RunResult;
        try {
            options.signal.addEventListener('abort', onAbort, { once: true });
            result = await current.result;
        } catch (error) {
            if (error instanceof CancelledError) break;
            throw error;
        } finally {
            options.signal.removeEventListener('abort', onAbort);
            current = undefined;
        }
        await writeStored(options.results, {
            hash,
            setting: { experiment: task.label },
            seed: task.plan.inference.seed,
            plan: task.plan,
            data,
            result
        });
        outcomes.push({ task, hash, result, reused: false });
        options.onProgress(offset + outcomes.length, total, task.label);
    }
    return outcomes;
}
