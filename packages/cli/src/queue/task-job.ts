/**
 * What a queued job carries: one sweep task (its resolved plan, data digests and hash). The job
 * id is the task's hash, so enqueuing the same task twice makes one job, and a job's result is
 * stored under the same name whichever worker ran it.
 */
import type { SweepTask } from '../tasks/task-set.js';
import { taskHash } from '../tasks/task-set.js';

export type TaskJob = SweepTask;

/** Completed jobs (and their results) stay this long, so a re-run sweep collects them instead of recomputing. */
export const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/** A reason the job's data is not a task whose plan and data hash to its id, or undefined. */
export function invalidTaskJob(id: string | undefined, data: unknown): string | undefined {
    const task = data as Partial<TaskJob> | null;
    if (!task || typeof task !== 'object' || typeof task.hash !== 'string' || !task.plan || !Array.isArray(task.data)) {
        return 'the job holds no moe task';
    }
    if (task.hash !== id) return `the job id ${String(id)} is not the task's hash`;
    if (taskHash(task.plan, task.data) !== task.hash) return "the task's plan and data do not match its hash";
    return undefined;
}
