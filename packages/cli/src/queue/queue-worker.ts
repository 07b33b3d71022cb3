/**
 * `moe worker --queue URL`: take sweep tasks from the queue one at a time, check that this
 * machine has the same data (by digest), run each on the run worker (its filters on the
 * thread pool) and hand the result back to the queue. The run happens on a separate thread, so
 * this thread keeps renewing the job's lock; a worker that dies mid-task stops renewing it and
 * BullMQ's stalled-job check gives the task to another worker.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisOptions } from 'bullmq';
import { CancelledError, type RunResult } from '@moe-studio/engine';
import { runInWorker } from '../commands/run/run-in-worker.js';
import { taskFailureMessage, taskName } from '../tasks/completed-task.js';
import { digestMismatch } from '@moe-studio/engine/files';
import { QUEUE_NAME, QUEUE_PREFIX } from './connection.js';
import { invalidTaskJob, type TaskJob } from './task-job.js';

export interface QueueWorkerOptions {
    connection: RedisOptions;
    /** Threads for a task's filters (default: the cores available). */
    jobs?: number;
    /** Seconds without a lock renewal after which a task counts as stalled and is handed on. */
    stalledAfterSeconds: number;
    log(line: string): void;
}

export interface RunningQueueWorker {
    /** Finish the running task, take no more, disconnect. */
    close(): Promise<void>;
    /** Stop the running task at once (it returns to the queue when its lock expires). */
    abort(): void;
}

export function startQueueWorker(options: QueueWorkerOptions): RunningQueueWorker {
    let current: ReturnType<typeof runInWorker> | undefined;
    const runJob = async (job: Job<TaskJob>): Promise<RunResult> => {
        const invalid = invalidTaskJob(job.id, job.data);
        if (invalid) throw new UnrecoverableError(invalid);
        const task = job.data;
        const mismatch = await digestMismatch(task.data);
        if (mismatch) throw new UnrecoverableError(mismatch);
        options.log(`${taskName(task)}: started (attempt ${job.attemptsStarted})`);
        let lastReport = 0;
        current = runInWorker(
            task.plan,
            progress => {
                const now = Date.now();
                if (now - lastReport < 1000) return;
                lastReport = now;
                void job
                    .updateProgress({ done: progress.observationsDone, total: progress.observationsTotal })
                    .catch(() => undefined);
            },
            { jobs: options.jobs }
        );
        try {
            const result = await current.result;
            options.log(`${taskName(task)}: done in ${result.timing.seconds.toFixed(1)} s`);
            return result;
        } catch (error) {
            if (error instanceof CancelledError) throw new Error('the worker was stopped');
            const message = taskFailureMessage(task, task.plan.model.source, error);
            if (message !== undefined) {
                options.log(message);
                throw new UnrecoverableError(message); // the same plan fails the same way anywhere
            }
            throw error;
        } finally {
            current = undefined;
        }
    };
    const ms = Math.round(options.stalledAfterSeconds * 1000);
    const worker = new Worker<TaskJob, RunResult>(QUEUE_NAME, runJob, {
        connection: options.connection,
        prefix: QUEUE_PREFIX,
        concurrency: 1,
        lockDuration: ms,
        stalledInterval: ms,
        maxStalledCount: 2
    });
    worker.on('error', error => options.log(`queue error: ${error.message}`));
    return {
        close: () => worker.close(),
        abort: () => {
            void current?.terminate();
        }
    };
}
