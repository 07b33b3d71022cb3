/**
 * Messages between the run controller (extension host) and the run worker thread.
 */
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { RunProgress, RunResult } from '@moe-studio/engine';

export type ToWorkerMessage = { type: 'run'; plan: ExecutionPlan; progressIntervalMs: number };

/** An engine error flattened for structured cloning, keeping where it points to. */
export interface SerializedRunError {
    kind: 'plan' | 'data' | 'numerical' | 'cancelled' | 'internal';
    message: string;
    /** PlanError: JSON pointer into the plan. */
    field?: string;
    /** DataError: the data file and its 1-based line. */
    file?: string;
    line?: number;
    /** NumericalError: 0-based observation and the quantity that went non-finite. */
    observation?: number;
    quantity?: string;
    stack?: string;
}

export type FromWorkerMessage =
    | { type: 'progress'; progress: RunProgress }
    | { type: 'result'; result: RunResult }
    | { type: 'error'; error: SerializedRunError };

/** Turns whatever a run threw into a SerializedRunError (by name, so it survives bundling). */
export function serializeRunError(error: unknown): SerializedRunError {
    if (!(error instanceof Error)) return { kind: 'internal', message: String(error) };
    const e = error as Error & Partial<Record<'field' | 'file' | 'line' | 'observation' | 'quantity', unknown>>;
    switch (error.name) {
        case 'PlanError':
            return { kind: 'plan', message: error.message, field: typeof e.field === 'string' ? e.field : undefined };
        case 'DataError':
            return {
                kind: 'data', message: error.message,
                file: typeof e.file === 'string' ? e.file : undefined,
                line: typeof e.line === 'number' ? e.line : undefined
            };
        case 'NumericalError':
            return {
                kind: 'numerical', message: error.message,
                observation: typeof e.observation === 'number' ? e.observation : undefined,
                quantity: typeof e.quantity === 'string' ? e.quantity : undefined
            };
        case 'CancelledError':
            return { kind: 'cancelled', message: error.message };
        default:
            return { kind: 'internal', message: error.message, stack: error.stack };
    }
}
