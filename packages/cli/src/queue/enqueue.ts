/**
 * `moe sweep ... --queue URL`: enqueue the tasks that have no stored result, then collect the
 * results as workers finish them, storing each under its hash in the results folder, exactly as
 * a local sweep stores its own. Re-running the same sweep enqueues nothing new for jobs that
 * are still queued, running or recently finished: their id is the task's hash.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { RedisOptions } from 'bullmq';
import type { RunResult } from '@moe-studio/engine';
import { displayPath } from '../commands/run/load-plan.js';
import { taskName, type CompletedTask } from '../tasks/completed-task.js';
import { readStored, resultPath, writeStored } from '../tasks/result-store.js';
import type { TaskRunOutcome } from '../tasks/run-local.js';
import type { SweepTask } from '../tasks/task-set.js';
import { QUEUE_NAME, QUEUE_PREFIX } from './connection.js';
import { KEEP_FINISHED_SECONDS, type TaskJob } from './task-job.js';

export interface QueueRunOptions {
    connection: RedisOptions;
    folder: string;
    /** Called with the counts whenever a task finishes. */
    onProgress?: (done: number, total: number) => void;
}

/** How often every outstanding job is checked, in case an event was missed (e.g. a reconnect). */
const RECONCILE_MS = 2000;

function looksLikeResult(value: unknown): value is RunResult {
    const r = value as Partial<RunResult> | null;
    return !!r && typeof r === 'object' && typeof r.algorithm === 'string' && typeof r.timing?.seconds === 'number';
}

export async function runTasksOnQueue(tasks: readonly SweepTask[], options: QueueRunOptions): Promise<TaskRunOutcome> {
    const { folder } = options;
    const completed: CompletedTask[] = [];
    const outstanding = new Map<string, SweepTask>();
    for (const task of tasks) {
        const lookup = await readStored(folder, task.hash);
        if (lookup.kind === 'found') completed.push({ task, result: lookup.stored.result, status: 'reused' });
        else {
            if (lookup.kind === 'corrupt')
                process.stderr.write(
                    `moe: warning: ${displayPath(resultPath(folder, task.hash))}: ${lookup.reason}; recomputing (${task.label} seed=${task.seed})\n`
                );
            outstanding.set(task.hash, task);
        }
    }
    options.onProgress?.(completed.length, tasks.length);
    if (outstanding.size === 0) return { completed, interrupted: false };

    const queue = new Queue<TaskJob, RunResult, 'run'>(QUEUE_NAME, {
        connection: options.connection,
        prefix: QUEUE_PREFIX
    });
    const events = new QueueEvents(QUEUE_NAME, { connection: options.connection, prefix: QUEUE_PREFIX });
    let interrupted = false;
    let wake: () => void = () => undefined;
    const onInterrupt = () => {
        interrupted = true;
        wake();
    };
    process.on('SIGINT', onInterrupt);
    const changed = new Set<string>();
    const note = ({ jobId }: { jobId: string }) => {
        if (outstanding.has(jobId)) {
            changed.add(jobId);
            wake();
        }
    };
    events.on('completed', note);
    events.on('failed', note);
    try {
        await events.waitUntilReady();
        for (const task of outstanding.values()) {
            const existing = await queue.getJob(task.hash);
            // A job that failed before (say, on a worker that died twice) gets one more go.
            if (existing && (await existing.getState()) === 'failed') await existing.retry('failed');
            else if (!existing) {
                await queue.add('run', task, {
                    jobId: task.hash,
                    attempts: 2,
                    removeOnComplete: { age: KEEP_FINISHED_SECONDS },
                    removeOnFail: { age: KEEP_FINISHED_SECONDS }
                });
            }
        }
        let failure: string | undefined;
        let checkAll = true;
        while (outstanding.size > 0 && !interrupted && failure === undefined) {
            const hashes = checkAll ? [...outstanding.keys()] : [...changed];
            changed.clear();
            checkAll = false;
            for (const hash of hashes) {
                const task = outstanding.get(hash);
                if (!task) continue;
                // The state first, then the job: a job read while active and then seen completed would have no result yet.
                const state = await queue.getJobState(hash);
                if (state === 'unknown') {
                    failure = `${taskName(task)} left the queue without a result (removed by someone else?); run the sweep again to re-enqueue it`;
                    break;
                }
                const job: Job<TaskJob, RunResult, 'run'> | undefined =
                    state === 'completed' || state === 'failed' ? await queue.getJob(hash) : undefined;
                if (state === 'completed') {
                    if (!looksLikeResult(job?.returnvalue)) {
                        failure = `${taskName(task)}: the queue holds no result for it`;
                        break;
                    }
                    await writeStored(folder, {
                        hash,
                        setting: task.setting,
                        seed: task.seed,
                        plan: task.plan,
                        data: task.data,
                        result: job.returnvalue
                    });
                    completed.push({ task, result: job.returnvalue, status: 'queued' });
                    outstanding.delete(hash);
                    options.onProgress?.(completed.length, tasks.length);
                } else if (state === 'failed') {
                    failure = `${taskName(task)} failed on a queue worker: ${job?.failedReason || 'no reason given'}`;
                }
            }
            if (outstanding.size === 0 || interrupted || failure !== undefined) break;
            await new Promise<void>(resolve => {
                const timer = setTimeout(() => {
                    checkAll = true;
                    resolve();
                }, RECONCILE_MS);
                wake = () => {
                    clearTimeout(timer);
                    resolve();
                };
                if (changed.size > 0 || interrupted) wake();
            });
        }
        if (interrupted) {
            // Stop what no worker has started; running tasks finish and are collected next time.
            for (const hash of outstanding.keys()) {
                const job = await queue.getJob(hash);
                if (job && ['waiting', 'delayed', 'prioritized'].includes(await job.getState()))
                    await job.remove().catch(() => undefined);
            }
        }
        return { completed, interrupted, failure };
    } finally {
        process.off('SIGINT', onInterrupt);
        await events.close();
        await queue.close();
    }
}
