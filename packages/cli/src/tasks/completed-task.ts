/**
 * A task with its result and where the result came from, and the failure of a task (the message
 * that names it), shared by every way of running tasks: one after another here, on a job queue,
 * or one per batch-scheduler array index.
 */
import { DataError, NumericalError, PlanError, type RunResult } from '@moe-studio/engine';
import { displayPath } from '../commands/run/load-plan.js';
import type { SweepTask } from './task-set.js';

export interface CompletedTask {
    task: SweepTask;
    result: RunResult;
    /** reused: a stored result; computed: run now; recomputed: run now over a corrupt stored file; queued: run by a queue worker. */
    status: 'reused' | 'computed' | 'recomputed' | 'queued';
}

export function taskName(task: SweepTask): string {
    return `task ${task.hash.slice(0, 12)} (${task.label} seed=${task.seed})`;
}

/** The one-line message for an error a run raised, or undefined for an internal error. */
export function taskFailureMessage(task: SweepTask, shownModel: string, error: unknown): string | undefined {
    if (error instanceof DataError) {
        const file = displayPath(error.file);
        return `${error.line > 0 ? `${file}:${error.line}` : file}: ${error.reason} (${taskName(task)})`;
    }
    if (error instanceof PlanError) return `${shownModel}: error: ${taskName(task)}: ${error.message}`;
    if (error instanceof NumericalError)
        return `${shownModel}: error: ${taskName(task)}: the run stopped: ${error.message}`;
    return undefined;
}
