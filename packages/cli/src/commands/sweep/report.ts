/**
 * What a sweep reports once its tasks are done, wherever they ran (`moe sweep` here or on a
 * queue, `moe collect` after a batch job): the summary table per setting on stdout and, with
 * `--json`, the settings, every task and the summaries.
 */
import type { ExecutionPlan } from '@moe-studio/engine';
import { writeJsonAtomic } from '@moe-studio/engine/files';
import type { CompletedTask } from '../../tasks/completed-task.js';
import { resultPath } from '../../tasks/result-store.js';
import type { SweepTask } from '../../tasks/task-set.js';
import { displayPath, usageError } from '../run/load-plan.js';
import type { Setting } from './settings.js';
import { formatSweepSummary, logEvidence, summarize } from './summary.js';

export interface SweepTaskReport {
    hash: string;
    setting: Record<string, string>;
    seed: number;
    file: string;
    status: CompletedTask['status'];
    logEvidence: number;
    effectiveExperts: number | null;
    meanLogPredictiveDensity: number | null;
    seconds: number;
}

export interface SweepReportInput {
    plan: ExecutionPlan;
    shownModel: string;
    folder: string;
    settings: readonly Setting[];
    tasks: readonly SweepTask[];
    completed: readonly CompletedTask[];
    json?: string;
    quiet?: boolean;
}

function taskReport(folder: string, { task, result, status }: CompletedTask): SweepTaskReport {
    return {
        hash: task.hash,
        setting: task.setting,
        seed: task.seed,
        file: resultPath(folder, task.hash),
        status,
        logEvidence: logEvidence(result),
        effectiveExperts: result.algorithm === 'particle-learning' ? result.effectiveExperts.entropy : null,
        meanLogPredictiveDensity: result.predictive?.meanLogPredictiveDensity ?? null,
        seconds: result.timing.seconds
    };
}

/** Prints the summary and writes `--json`; returns the exit code (0, or 2 when the JSON cannot be written). */
export async function reportSweep(input: SweepReportInput): Promise<0 | 2> {
    const { plan, folder, tasks, completed } = input;
    // Report in task order, whatever order the tasks finished in.
    const order = new Map(tasks.map((t, i) => [t.hash, i]));
    const sorted = [...completed].sort((a, b) => order.get(a.task.hash)! - order.get(b.task.hash)!);
    const summaries = summarize(sorted.map(c => ({ label: c.task.label, result: c.result })));
    const counts = { reused: 0, computed: 0, recomputed: 0, queued: 0 };
    for (const c of sorted) counts[c.status]++;
    if (input.json) {
        const document = {
            model: plan.model,
            algorithm: plan.inference.algorithm,
            results: folder,
            settings: input.settings,
            seeds: [...new Set(tasks.map(t => t.seed))],
            counts: { tasks: tasks.length, ...counts },
            tasks: sorted.map(c => taskReport(folder, c)),
            summaries
        };
        try {
            await writeJsonAtomic(input.json, document);
        } catch (error) {
            return usageError(`cannot write ${input.json}: ${(error as Error).message}`);
        }
    }
    if (!input.quiet) {
        const run = counts.computed + counts.recomputed;
        const where =
            counts.queued > 0 ? `${run + counts.queued} run (${counts.queued} by queue workers)` : `${run} run`;
        process.stdout.write(
            `Sweep of ${input.shownModel}: ${tasks.length} tasks (${where}, ${counts.reused} reused), results in ${displayPath(folder)}\n`
        );
        process.stdout.write(formatSweepSummary(summaries, plan.inference.algorithm));
    }
    return 0;
}
