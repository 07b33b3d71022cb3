/**
 * Runs a plan on a worker thread (dist/run-worker.cjs) for `moe run`, so that the main thread
 * stays responsive: it draws progress as messages arrive, and on Ctrl-C it asks the run to stop
 * (a shared flag the engine polls with its progress, at most every 100 ms) and reports a
 * cancelled run instead of dying in the middle of a line. The filters of a particle-learning
 * plan run on a pool of further threads started by the run worker; they read the same flag.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeRunError, type ExecutionPlan, type RunProgress, type RunResult, type SerializedRunError } from '@moe-studio/engine';

export interface RunWorkerData {
    plan: ExecutionPlan;
    /** SharedArrayBuffer of one Int32: 1 asks the run to stop. */
    stop: SharedArrayBuffer;
    /** Threads for particle-learning filters (the run worker's pool); undefined: the cores available. */
    jobs?: number;
    /** Held-out rows kept with their interval end points (RunPlanOptions.heldOutPoints). */
    heldOutPoints?: number;
}

export type FromRunWorker =
    | { type: 'progress'; progress: RunProgress }
    | { type: 'result'; result: RunResult }
    | { type: 'error'; error: SerializedRunError };

/** A bundled worker next to the CLI bundle (dist/), also when this module runs from source. */
function bundledWorker(name: string, what: string): string {
    const candidates = [join(__dirname, name), join(__dirname, '..', '..', '..', 'dist', name)];
    const found = candidates.find(existsSync);
    if (!found) throw new Error(`the ${what} is missing (looked for ${candidates.join(', ')}); build the CLI with npm run build`);
    return found;
}

export function runWorkerPath(): string {
    return bundledWorker('run-worker.cjs', 'run worker');
}

/** The pool worker that runs one particle-learning filter (chain-worker.ts). */
export function chainWorkerPath(): string {
    return bundledWorker('chain-worker.cjs', 'chain worker');
}

export interface WorkerRun {
    result: Promise<RunResult>;
    /** Ask the run to stop; the result then rejects with CancelledError. */
    cancel(): void;
    /** Stop the thread at once (a second Ctrl-C). */
    terminate(): Promise<number>;
}

export function runInWorker(plan: ExecutionPlan, onProgress?: (progress: RunProgress) => void, jobs?: number, heldOutPoints?: number): WorkerRun {
    const stop = new SharedArrayBuffer(4);
    const worker = new Worker(runWorkerPath(), { workerData: { plan, stop, jobs, heldOutPoints } satisfies RunWorkerData });
    const result = new Promise<RunResult>((resolve, reject) => {
        let settled = false;
        worker.on('message', (message: FromRunWorker) => {
            if (message.type === 'progress') onProgress?.(message.progress);
            else if (message.type === 'result') { settled = true; resolve(message.result); }
            else { settled = true; reject(deserializeRunError(message.error)); }
        });
        worker.on('error', error => { settled = true; reject(error); });
        worker.on('exit', code => {
            if (!settled) reject(new Error(`the run worker stopped unexpectedly (exit code ${code})`));
        });
    });
    // The result is reported last; let the thread end without holding the process open.
    result.finally(() => void worker.terminate()).catch(() => undefined);
    return {
        result,
        cancel: () => { Atomics.store(new Int32Array(stop), 0, 1); },
        terminate: () => worker.terminate()
    };
}
