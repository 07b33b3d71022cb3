/**
 * Runs a plan on the engine's run worker (dist/run-worker.cjs, engine/parallel/run-worker.ts)
 * for `moe run`, so that the main thread stays responsive: it draws progress as messages arrive,
 * and on Ctrl-C it asks the run to stop (the stop flag the engine polls with its progress) and
 * reports a cancelled run instead of dying in the middle of a line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
    runResultOf,
    startRunWorker,
    type ExecutionPlan,
    type RunProgress,
    type RunRequest,
    type RunResult,
    type RunWorkerLike
} from '@moe-studio/engine';

/** A bundled worker next to the CLI bundle (dist/), also when this module runs from source. */
function bundledWorker(name: string, what: string): string {
    // The run worker starts its pool from chain-worker.cjs next to itself, bundled alongside.
    const candidates = [join(__dirname, name), join(__dirname, '..', '..', '..', 'dist', name)];
    const found = candidates.find(existsSync);
    if (!found)
        throw new Error(
            `the ${what} is missing (looked for ${candidates.join(', ')}); build the CLI with npm run build`
        );
    return found;
}

export function runWorkerPath(): string {
    return bundledWorker('run-worker.cjs', 'run worker');
}

export interface WorkerRun {
    result: Promise<RunResult>;
    /** Ask the run to stop; the result then rejects with CancelledError. */
    cancel(): void;
    /** Stop the thread at once (a second Ctrl-C). */
    terminate(): Promise<void>;
}

/**
 * The run worker, started before the plan is known, so that its thread loads its bundle and
 * warms up while the main thread compiles the model. It does not keep the process alive until a
 * run is started on it (a command that stops at a compile error just ends), and an error or exit
 * of the thread before then is kept and told to the run's listeners when they subscribe.
 */
export class PrestartedWorker implements RunWorkerLike {
    private readonly worker: Worker;
    private readonly early: Array<{ event: 'error' | 'exit'; value: Error | number }> = [];

    constructor(file = runWorkerPath()) {
        this.worker = new Worker(file);
        this.worker.unref();
        this.worker.on('error', (value: Error) => this.early.push({ event: 'error', value }));
        this.worker.on('exit', (value: number) => this.early.push({ event: 'exit', value }));
    }

    postMessage(message: RunRequest): void {
        this.worker.ref();
        this.worker.postMessage(message);
    }

    on(event: 'message' | 'error' | 'exit', listener: (value: never) => void): this {
        const happened = this.early.filter(e => e.event === event);
        this.worker.on(event, listener as (value: unknown) => void);
        for (const e of happened) listener(e.value as never);
        return this;
    }

    terminate(): Promise<number> {
        return this.worker.terminate();
    }
}

export interface RunInWorkerOptions {
    /** A worker started early (PrestartedWorker); by default one is started here. */
    worker?: RunWorkerLike;
    jobs?: number;
    fullTraces?: boolean;
    /** Held-out rows kept with their interval end points (RunPlanOptions.heldOutPoints). */
    heldOutPoints?: number;
}

export function runInWorker(
    plan: ExecutionPlan,
    onProgress?: (progress: RunProgress) => void,
    options: RunInWorkerOptions = {}
): WorkerRun {
    const { worker = new Worker(runWorkerPath()), ...rest } = options;
    const run = startRunWorker(worker, plan, { onProgress, ...rest });
    return { result: runResultOf(run.outcome), cancel: run.cancel, terminate: run.terminate };
}
