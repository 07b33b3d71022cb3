/**
 * Runs plans in worker threads, one worker per run, so the extension host never blocks on the
 * engine (whose runners are synchronous). Knows nothing of VS Code, so it is tested with a fake
 * worker. Cancelling settles the run as cancelled at once and asks the engine to stop (the run
 * worker's stop flag, engine/parallel/run-worker-host.ts); the thread ends at the engine's next
 * progress point and is terminated only if it has not after the grace period.
 */
import {
    startRunWorker,
    type ExecutionPlan,
    type RunProgress,
    type RunResult,
    type RunWorkerLike,
    type SerializedRunError
} from '@moe-studio/engine';

/** The part of `worker_threads.Worker` the controller uses. */
export type WorkerLike = RunWorkerLike;

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
    /** How long a cancelled run may take to stop before its thread is terminated (default 5000 ms). */
    graceMs?: number;
    /** Clock in milliseconds, replaceable in tests. */
    now?: () => number;
}

export class RunController {
    private readonly runs = new Map<string, RunHandle>();
    private counter = 0;

    constructor(
        private readonly createWorker: WorkerFactory,
        private readonly options: RunControllerOptions = {}
    ) {}

    /** Runs that have started and not yet settled. */
    get activeRuns(): RunHandle[] {
        return [...this.runs.values()];
    }

    /** The run of a given model file, if one is going. */
    activeRunOf(source: string): RunHandle | undefined {
        return this.activeRuns.find(r => r.plan.model.source === source);
    }

    start(
        plan: ExecutionPlan,
        listener: RunListener = {},
        progressIntervalMs = this.options.progressIntervalMs ?? 250
    ): RunHandle {
        const now = this.options.now ?? Date.now;
        const started = now();
        const id = `run-${started.toString(36)}-${++this.counter}`;
        const worker = startRunWorker(this.createWorker(), plan, {
            progressIntervalMs,
            graceMs: this.options.graceMs,
            onProgress: p => {
                if (!settled) listener.onProgress?.(p);
            }
        });
        let settle!: (outcome: RunOutcome) => void;
        let settled = false;
        let cancelledAt: number | undefined;
        const done = new Promise<RunOutcome>(resolve => {
            settle = resolve;
        });
        const seconds = () => (now() - started) / 1000;
        const stopped = worker.stopped.then(() => (cancelledAt === undefined ? 0 : now() - cancelledAt));
        const finish = (outcome: RunOutcome) => {
            if (settled) return;
            settled = true;
            this.runs.delete(id);
            settle(outcome);
        };
        void worker.outcome.then(o => {
            switch (o.status) {
                case 'succeeded':
                    return finish({ status: 'succeeded', result: o.result, seconds: seconds() });
                case 'failed':
                    return finish(
                        o.error.kind === 'cancelled'
                            ? { status: 'cancelled', seconds: seconds() }
                            : { status: 'failed', error: o.error, seconds: seconds() }
                    );
                case 'crashed':
                    return finish({
                        status: 'failed',
                        seconds: seconds(),
                        error: {
                            kind: 'internal',
                            message: `the run stopped with an internal error: ${o.error.message}`,
                            stack: o.error.stack
                        }
                    });
                case 'exited':
                    return finish({
                        status: 'failed',
                        seconds: seconds(),
                        error: {
                            kind: 'internal',
                            message: `the run's worker thread exited unexpectedly (code ${o.code})`
                        }
                    });
            }
        });

        const handle: RunHandle = {
            id,
            plan,
            done,
            stopped,
            cancel: () => {
                if (settled) return;
                cancelledAt = now();
                finish({ status: 'cancelled', seconds: seconds() });
                worker.cancel();
            }
        };
        this.runs.set(id, handle);
        return handle;
    }

    cancelAll(): void {
        for (const run of this.activeRuns) run.cancel();
    }

    dispose(): void {
        this.cancelAll();
    }
}
