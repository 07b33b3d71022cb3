/**
 * Runs plans in worker threads, one worker per run, so the extension host never blocks on the
 * engine (whose runners are synchronous). Knows nothing of VS Code, so it is tested with a fake
 * worker. Cancelling terminates the worker: the engine is stopped at once, wherever it is,
 * without waiting for its next `shouldStop` poll.
 */
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { RunProgress, RunResult } from '@moe-studio/engine';
import type { FromWorkerMessage, SerializedRunError, ToWorkerMessage } from '../shared/worker-messages.js';

/** The part of `worker_threads.Worker` the controller uses. */
export interface WorkerLike {
    postMessage(message: ToWorkerMessage): void;
    on(event: 'message', listener: (message: FromWorkerMessage) => void): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    on(event: 'exit', listener: (code: number) => void): unknown;
    terminate(): unknown;
}

export type WorkerFactory = () => WorkerLike;

export type RunOutcome =
    | { status: 'succeeded'; result: RunResult; seconds: number }
    | { status: 'failed'; error: SerializedRunError; seconds: number }
    | { status: 'cancelled'; seconds: number };

export interface RunListener {
    onProgress?(progress: RunProgress): void;
}

export interface RunHandle {
    readonly id: string;
    readonly plan: ExecutionPlan;
    /** Settles once, with the outcome; never rejects. */
    readonly done: Promise<RunOutcome>;
    /** Resolves once the worker thread has stopped, with the milliseconds since cancel() (0 if not cancelled). */
    readonly stopped: Promise<number>;
    cancel(): void;
}

export interface RunControllerOptions {
    /** How often the engine reports progress (it reports at most this often). */
    progressIntervalMs?: number;
    /** Clock in milliseconds, replaceable in tests. */
    now?: () => number;
}

export class RunController {
    private readonly runs = new Map<string, RunHandle>();
    private counter = 0;

    constructor(private readonly createWorker: WorkerFactory, private readonly options: RunControllerOptions = {}) {}

    /** Runs that have started and not yet settled. */
    get activeRuns(): RunHandle[] {
        return [...this.runs.values()];
    }

    /** The run of a given model file, if one is going. */
    activeRunOf(source: string): RunHandle | undefined {
        return this.activeRuns.find(r => r.plan.model.source === source);
    }

    start(plan: ExecutionPlan, listener: RunListener = {}, progressIntervalMs = this.options.progressIntervalMs ?? 250): RunHandle {
        const now = this.options.now ?? Date.now;
        const started = now();
        const id = `run-${started.toString(36)}-${++this.counter}`;
        const worker = this.createWorker();
        let settle!: (outcome: RunOutcome) => void;
        let markStopped!: (ms: number) => void;
        let settled = false;
        let cancelledAt: number | undefined;
        const done = new Promise<RunOutcome>(resolve => { settle = resolve; });
        const stopped = new Promise<number>(resolve => { markStopped = resolve; });
        const seconds = () => (now() - started) / 1000;
        const sinceCancel = () => (cancelledAt === undefined ? 0 : now() - cancelledAt);
        const finish = (outcome: RunOutcome, stopWorker: boolean) => {
            if (settled) return;
            settled = true;
            this.runs.delete(id);
            if (stopWorker) {
                Promise.resolve(worker.terminate()).catch(() => undefined).then(() => markStopped(sinceCancel()));
            } else {
                markStopped(sinceCancel());
            }
            settle(outcome);
        };

        worker.on('message', message => {
            if (settled) return;
            switch (message.type) {
                case 'progress':
                    listener.onProgress?.(message.progress);
                    break;
                case 'result':
                    finish({ status: 'succeeded', result: message.result, seconds: seconds() }, true);
                    break;
                case 'error':
                    finish(message.error.kind === 'cancelled'
                        ? { status: 'cancelled', seconds: seconds() }
                        : { status: 'failed', error: message.error, seconds: seconds() }, true);
                    break;
            }
        });
        worker.on('error', error => finish({
            status: 'failed', seconds: seconds(),
            error: { kind: 'internal', message: `the run stopped with an internal error: ${error.message}`, stack: error.stack }
        }, true));
        worker.on('exit', code => finish({
            status: 'failed', seconds: seconds(),
            error: { kind: 'internal', message: `the run's worker thread exited unexpectedly (code ${code})` }
        }, false));

        const handle: RunHandle = {
            id, plan, done, stopped,
            cancel: () => {
                if (settled) return;
                cancelledAt = now();
                finish({ status: 'cancelled', seconds: seconds() }, true);
            }
        };
        this.runs.set(id, handle);
        worker.postMessage({ type: 'run', plan, progressIntervalMs });
        return handle;
    }

    cancelAll(): void {
        for (const run of this.activeRuns) run.cancel();
    }

    dispose(): void {
        this.cancelAll();
    }
}
