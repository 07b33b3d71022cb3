/**
 * `moe worker --queue redis://HOST:PORT [--jobs N] [--stalled-after S]`: a queue worker that
 * runs sweep tasks until stopped. Ctrl-C finishes the running task and exits; a second Ctrl-C
 * exits at once (the task goes back to the queue when its lock expires). Exit codes: 0 stopped
 * cleanly, 2 usage errors or an unreachable queue, 130 stopped in the middle of a task.
 */
import { parseQueueUrl, probeQueue } from '../queue/connection.js';
import { startQueueWorker } from '../queue/queue-worker.js';
import { parseJobs, usageError } from './run/load-plan.js';

export interface WorkerOptions {
    queue?: string;
    jobs?: string;
    stalledAfter?: string;
    quiet?: boolean;
}

export async function workerCommand(options: WorkerOptions): Promise<number> {
    if (!options.queue) return usageError('moe worker needs --queue redis://HOST:PORT');
    const address = parseQueueUrl(options.queue);
    if ('error' in address) return usageError(address.error);
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    const stalledAfter = options.stalledAfter === undefined ? 30 : Number(options.stalledAfter);
    if (!Number.isFinite(stalledAfter) || stalledAfter < 1 || stalledAfter > 86400) {
        return usageError(`--stalled-after must be a number of seconds from 1 to 86400, got '${options.stalledAfter}'`);
    }
    const unreachable = await probeQueue(address.options);
    if (unreachable) return usageError(`cannot reach the queue at ${address.shown}: ${unreachable}`);

    const log = (line: string) => {
        if (!options.quiet) process.stderr.write(`moe worker: ${line}\n`);
    };
    const worker = startQueueWorker({
        connection: address.options,
        jobs: threads.jobs,
        stalledAfterSeconds: stalledAfter,
        log
    });
    log(`taking tasks from ${address.shown} (Ctrl-C to stop)`);
    return new Promise<number>(resolve => {
        let interrupts = 0;
        const onInterrupt = () => {
            interrupts++;
            if (interrupts === 1) {
                log('finishing the running task, then stopping (Ctrl-C again to stop now)');
                void worker.close().then(() => {
                    process.off('SIGINT', onInterrupt);
                    resolve(0);
                });
            } else {
                worker.abort();
                process.stderr.write('moe worker: stopped; the running task returns to the queue for another worker\n');
                process.exit(130);
            }
        };
        process.on('SIGINT', onInterrupt);
        process.on('SIGTERM', onInterrupt);
    });
}
