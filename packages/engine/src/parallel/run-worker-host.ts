/**
 * The starting side of a run worker (run-worker.ts), shared by `moe run` and the extension:
 * sends the plan with a stop flag, forwards progress, and settles with the result or the error.
 * Cancelling sets the flag, so the run stops at its next progress point (at most every
 * progressIntervalMs, and every 10^4 particle-expert evaluations) and ends cleanly, its pool
 * closed; only a worker still running `graceMs` after that is terminated.
 */
import { deserializeRunError } from '../run-error.js';
import type { ExecutionPlan } from '../plan/types.js';
import type { RunProgress, RunResult } from '../result/types.js';
import type { SerializedRunError } from '../run-error.js';
import type { FromRunWorker, RunRequest } from './run-worker-messages.js';
import { newStopFlag, requestStop } from './stop-flag.js';

/** The part of `worker_threads.Worker` the host uses (a fake in tests). */
export interface RunWorkerLike {
    postMessage(message: RunRequest): void;
    on(event: 'message', listener: (message: FromRunWorker) => void): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    on(event: 'exit', listener: (code: number) => void): unknown;
    terminate(): unknown;
}

export interface RunWorkerOptions {
    onProgress?: (progress: RunProgress) => void;
    progressIntervalMs?: number;
    jobs?: number;
    fullTraces?: boolean;
    /** Held-out rows kept with their interval end points (RunPlanOptions.heldOutPoints). */
    heldOutPoints?: number;
    /** How long a cancelled run may take to stop before its thread is terminated; default 5000 ms. */
    graceMs?: number;
}

/** How a run in a worker ended: what the engine said, or what happened to the thread. */
export type RunWorkerOutcome =
    | { status: 'succeeded'; result: RunResult }
    | { status: 'failed'; error: SerializedRunError }
    | { status: 'crashed'; error: Error }
    | { status: 'exited'; code: number };

export interface RunInWorker {
    /** Settles once, with the first of the worker's answer, its error or its exit; never rejects. */
    readonly outcome: Promise<RunWorkerOutcome>;
    /** Resolves once the thread has stopped (it is stopped as soon as it has answered). */
    readonly stopped: Promise<void>;
    /** Asks the run to stop (the stop flag); terminates it if it has not stopped after the grace period. */
    cancel(): void;
    /** Stops the thread at once (the last resort: a second Ctrl-C). */
    terminate(): Promise<void>;
}

export function startRunWorker(
    worker: RunWorkerLike,
    plan: ExecutionPlan,
    options: RunWorkerOptions = {}
): RunInWorker {
    const stop = newStopFlag();
    let settle!: (outcome: RunWorkerOutcome) => void;
    let markStopped!: () => void;
    const outcome = new Promise<RunWorkerOutcome>(resolve => {
        settle = resolve;
    });
    const stopped = new Promise<void>(resolve => {
        markStopped = resolve;
    });
    let settled = false;
    let exited = false;
    let cancelled = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    // A thread stopped after a cancellation ended as asked, not unexpectedly.
    const cancellation = (): RunWorkerOutcome => ({
        status: 'failed',
        error: { kind: 'cancelled', message: 'run cancelled' }
    });
    const terminate = async () => {
        if (grace) clearTimeout(grace);
        cancelled ||= !settled;
        if (!exited) await Promise.resolve(worker.terminate()).catch(() => undefined);
        exited = true;
        finish(cancellation());
        markStopped();
    };
    const finish = (o: RunWorkerOutcome) => {
        if (settled) return;
        settled = true;
        settle(o);
        // The answer is the worker's last message; let the thread end without holding the process open.
        void terminate();
    };
    worker.on('message', message => {
        if (message.type === 'progress') {
            if (!settled) options.onProgress?.(message.progress);
        } else if (message.type === 'result') finish({ status: 'succeeded', result: message.result });
        else finish({ status: 'failed', error: message.error });
    });
    worker.on('error', error => finish({ status: 'crashed', error }));
    worker.on('exit', code => {
        exited = true;
        if (grace) clearTimeout(grace);
        finish(cancelled ? cancellation() : { status: 'exited', code });
        markStopped();
    });
    worker.postMessage({
        type: 'run',
        plan,
        stop,
        progressIntervalMs: options.progressIntervalMs,
        jobs: options.jobs,
        fullTraces: options.fullTraces,
        heldOutPoints: options.heldOutPoints
    });
    return {
        outcome,
        stopped,
        cancel: () => {
            if (settled || grace) return;
            cancelled = true;
            requestStop(stop);
            grace = setTimeout(() => void terminate(), options.graceMs ?? 5000);
            grace.unref?.();
        },
        terminate
    };
}

/** The outcome as the run's result, or the engine's error (CancelledError for a cancelled run). */
export async function runResultOf(outcome: Promise<RunWorkerOutcome>): Promise<RunResult> {
    const o = await outcome;
    switch (o.status) {
        case 'succeeded':
            return o.result;
        case 'failed':
            throw deserializeRunError(o.error);
        case 'crashed':
            throw o.error;
        case 'exited':
            throw new Error(`the run worker stopped unexpectedly (exit code ${o.code})`);
    }
}
