/**
 * A pool of worker threads for particle-learning filters (the pieces of their held-out predictive,
 * and the starts of an EM fit), on piscina. It knows nothing of
 * particle learning beyond the task and reply types; pool-runner.ts turns it into a ChainRunner.
 *
 * The pool starts no thread until a task needs one and never more than `threads`, so a pool
 * sized to the machine costs nothing for a plan with one filter, and R filters on J threads
 * run J at a time, each thread taking the next filter in order when it finishes one.
 */
import type { ChainReply, ChainTask } from './messages.js';
import type { EmRestartReply, EmRestartTask } from './em-restart-task.js';
import type { HeldOutReply, HeldOutTask } from './held-out-task.js';
import { WorkerPool } from './worker-pool.js';

export interface ChainPoolOptions {
    /**
     * The bundled chain worker (a CommonJS file whose default export is chainTask, built by
     * esbuild.mjs). It must be a real file: piscina loads it in each thread by path.
     */
    workerFile: string;
    /** Most threads at once; default: the cores available to this process. */
    threads?: number;
    /**
     * How long an idle thread is kept for the next task (ms). Starting a thread and loading the
     * worker costs tens of milliseconds, so a pool that serves several runs keeps them a while;
     * idle threads do not keep the process alive.
     */
    idleTimeoutMs?: number;
}

export class ChainPool {
    private readonly pool: WorkerPool<ChainTask, ChainReply>;

    constructor(options: ChainPoolOptions) {
        this.pool = new WorkerPool({ ...options, what: 'chain worker' });
    }

    get threads(): number {
        return this.pool.threads;
    }

    /** Runs one filter on a pool thread; the task's port is transferred to it. */
    run(task: ChainTask): Promise<ChainReply> {
        return this.pool.run(task, [task.port]);
    }

    /** Screens one EM start on a pool thread (the chain worker also exports emRestartTask). */
    runRestart(task: EmRestartTask): Promise<EmRestartReply> {
        return this.pool.runExport<EmRestartTask, EmRestartReply>('emRestartTask', task);
    }

    /** Scores a filter's particles at a range of held-out rows on a pool thread (the chain worker also exports heldOutTask). */
    runHeldOut(task: HeldOutTask): Promise<HeldOutReply> {
        return this.pool.runExport<HeldOutTask, HeldOutReply>('heldOutTask', task);
    }

    /** Stops every thread; tasks still queued or running are rejected. */
    close(): Promise<void> {
        return this.pool.close();
    }
}
