/**
 * Runs a plan on the engine's run worker (dist/run-worker.cjs, engine/parallel/run-worker.ts)
 * for `moe run`, so that the main thread stays responsive: it draws progress as messages arrive,
 * and on Ctrl-C it asks the run to stop (the stop flag the engine polls with its progress) and
 * reports a cancelled run instead of dying in the middle of a line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runResultOf, startRunWorker, type ExecutionPlan, type RunProgress, type RunResult } from '@moe-studio/engine';

/** A bundled worker next to the CLI bundle (dist/), also when this module runs from source. */
function bundledWorker(name: string, what: string): string {
    // The run worker starts its pool from chain-worker.cjs next to itself, bundled alongside.
    const candidates = [join(__dirname, name), join(__dirname, '..', '..', '..', 'dist', name)];
    const found = candidates.find(existsSync);
    if (!found) throw new Error(`the ${what} is missing (looked for ${candidates.join(', ')}); build the CLI with npm run build`);
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

export interface RunInWorkerOptions {
    jobs?: number;
    fullTraces?: boolean;
    /** Held-out rows kept with their interval end points (RunPlanOptions.heldOutPoints). */
    heldOutPoints?: number;
}

export function runInWorker(plan: ExecutionPlan, onProgress?: (progress: RunProgress) => void, options: RunInWorkerOptions = {}): WorkerRun {
    const run = startRunWorker(new Worker(runWorkerPath()), plan, { onProgress, ...options });
    return { result: runResultOf(run.outcome), cancel: run.cancel, terminate: run.terminate };
}
