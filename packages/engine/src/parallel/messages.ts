/**
 * What crosses the boundary between a chain pool and its worker threads: one task per filter,
 * progress on the task's own MessagePort, and a reply that is either the filter's output (its
 * typed arrays transferred) or the error it threw, flattened so its class survives the trip.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ExecutionPlan } from '../plan/types.js';
import type { ChainOutput } from '../pl/chain.js';
import type { SerializedRunError } from '../run-error.js';

export interface ChainTask {
    plan: ExecutionPlan;
    /** Index of the filter to run (its seed derives from it, so the output depends on nothing else). */
    chain: number;
    /**
     * Identifies the run the task belongs to: a worker that already loaded the training stream
     * for this run reuses it instead of generating or reading it again.
     */
    runId: string;
    /** Flags (one Int32 each); the filter stops at its next progress point once any is 1. */
    stops: SharedArrayBuffer[];
    progressIntervalMs: number;
    /** Keep the filter's full traces too (RunHooks.fullTraces). */
    fullTraces?: boolean;
    /** Progress of this filter, ChainProgressMessage by ChainProgressMessage; must be in the transfer list. */
    port: MessagePort;
}

export interface ChainProgressMessage {
    done: number;
    ess: number;
}

export type ChainReply = { output: ChainOutput; error?: undefined } | { output?: undefined; error: SerializedRunError };
