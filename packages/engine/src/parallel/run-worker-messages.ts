/**
 * What crosses the boundary between a run worker (run-worker.ts) and the thread that started it
 * (run-worker-host.ts), the same for `moe run` and the extension.
 */
import type { ExecutionPlan } from '../plan/types.js';
import type { RunProgress, RunResult } from '../result/types.js';
import type { SerializedRunError } from '../run-error.js';

export interface RunRequest {
    type: 'run';
    plan: ExecutionPlan;
    /**
     * Stop flag (stop-flag.ts) shared with the worker and the pool threads it starts: once set,
     * every filter stops at its next progress point and the worker answers with a cancellation.
     */
    stop: SharedArrayBuffer;
    /** At most this often (ms) the run reports progress; undefined: the engine's default. */
    progressIntervalMs?: number;
    /** Threads for particle-learning filters (the worker's pool); undefined: the cores available. */
    jobs?: number;
    /** Keep every observation's diagnostics too (RunHooks.fullTraces). */
    fullTraces?: boolean;
    /** Held-out rows kept with their interval end points (RunPlanOptions.heldOutPoints). */
    heldOutPoints?: number;
}

export type FromRunWorker =
    | { type: 'progress'; progress: RunProgress }
    | { type: 'result'; result: RunResult }
    | { type: 'error'; error: SerializedRunError };
