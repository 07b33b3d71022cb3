/**
 * A pool of worker threads for particle-learning filters, on piscina. It knows nothing of
 * particle learning beyond the task and reply types; pool-runner.ts turns it into a ChainRunner.
 *
 * The pool starts no thread until a task needs one and never more than `threads`, so a pool
 * sized to the machine costs nothing for a plan with one filter, and R filters on J threads
 * run J at a time, each thread taking the next filter in order when it finishes one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChainReply, ChainTask } from './messages.js';

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
    readonly threads: number;
    private readonly piscina: Piscina<ChainTask, ChainReply>;
    /** A thread that failed outside a task (for instance a worker file that does not load). */
    private failure: Error | undefined;

    constructor(options: ChainPoolOptions) {
        // piscina only reports a worker file it cannot load as an 'error' event, and the task
        // then waits for ever; say what is missing before any thread starts.
        if (!existsSync(options.workerFile)) throw new Error(`the chain worker is missing: ${options.workerFile}; build it with npm run build`);
        this.threads = options.threads ?? availableParallelism();
        if (!Number.isSafeInteger(this.threads) || this.threads < 1) throw new RangeError(`a chain pool needs at least one thread, got ${this.threads}`);
        this.piscina = new Piscina<ChainTask, ChainReply>({
            filename: options.workerFile,
            minThreads: 0,
            maxThreads: this.threads,
            idleTimeout: options.idleTimeoutMs ?? 5000
        });
        this.piscina.on('error', (error: Error) => this.fail(error));
    }

    /** Runs one filter on a pool thread; the task's port is transferred to it. */
    run(task: ChainTask): Promise<ChainReply> {
        if (this.failure) return Promise.reject(this.failure);
        // A task rejected because a thread broke reports why it broke, not that it was terminated.
        return this.piscina.run(task, { transferList: [task.port] }).catch((error: unknown) => { throw this.failure ?? error; });
    }

    /** Stops every thread; tasks still queued or running are rejected. */
    async close(): Promise<void> {
        await this.piscina.destroy();
    }

    /** A broken thread makes every waiting task fail (destroy rejects them) instead of hanging. */
    private fail(error: Error): void {
        this.failure ??= error;
        void this.piscina.destroy();
    }
}
