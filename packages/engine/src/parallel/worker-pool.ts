/**
 * The worker-thread pool of every parallel job of the engine (filters of a fit, calibration
 * replicates), on piscina: at most `threads` threads, none started until a task needs one, idle
 * ones kept a while for the next task. A thread that breaks outside a task (a worker file that
 * does not load) fails every waiting task instead of leaving it to hang.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';

export interface WorkerPoolOptions {
    /** The bundled worker (a CommonJS file whose default export runs one task); piscina loads it by path. */
    workerFile: string;
    /** What the worker is, for the message when its file is missing. */
    what: string;
    /** Most threads at once; default: the cores available to this process. */
    threads?: number;
    /** How long an idle thread is kept for the next task (ms). */
    idleTimeoutMs?: number;
}

export class WorkerPool<Task, Reply> {
    readonly threads: number;
    private readonly piscina: Piscina<Task, Reply>;
    private failure: Error | undefined;

    constructor(options: WorkerPoolOptions) {
        // piscina only reports a worker file it cannot load as an 'error' event, and the task
        // then waits for ever; say what is missing before any thread starts.
        if (!existsSync(options.workerFile))
            throw new Error(`the ${options.what} is missing: ${options.workerFile}; build it with npm run build`);
        this.threads = options.threads ?? availableParallelism();
        if (!Number.isSafeInteger(this.threads) || this.threads < 1)
            throw new RangeError(`a worker pool needs at least one thread, got ${this.threads}`);
        this.piscina = new Piscina<Task, Reply>({
            filename: options.workerFile,
            minThreads: 0,
            maxThreads: this.threads,
            idleTimeout: options.idleTimeoutMs ?? 5000
        });
        this.piscina.on('error', (error: Error) => this.fail(error));
    }

    run(task: Task, transferList?: Transferable[]): Promise<Reply> {
        return this.runExport<Task, Reply>('default', task, transferList);
    }

    /** Runs a task with another export of the worker file (one bundle can serve several task kinds). */
    runExport<T, R>(name: string, task: T, transferList?: Transferable[]): Promise<R> {
        if (this.failure) return Promise.reject(this.failure);
        // A task rejected because a thread broke reports why it broke, not that it was terminated.
        const run = this.piscina.run(task as unknown as Task, {
            name,
            ...(transferList ? { transferList } : {})
        }) as unknown as Promise<R>;
        return run.catch((error: unknown) => {
            throw this.failure ?? error;
        });
    }

    /** Stops every thread; tasks still queued or running are rejected. */
    async close(): Promise<void> {
        await this.piscina.destroy();
    }

    private fail(error: Error): void {
        this.failure ??= error;
        void this.piscina.destroy();
    }
}
