/**
 * Engine errors across a thread boundary: a worker running a plan reports what it threw as a
 * plain object (structured cloning drops class identity), and the caller rebuilds the error.
 */
import { CancelledError, DataError, NumericalError, PlanError } from './errors.js';

/** An engine error flattened for structured cloning, keeping where it points to. */
export interface SerializedRunError {
    kind: 'plan' | 'data' | 'numerical' | 'cancelled' | 'internal';
    message: string;
    /** PlanError: JSON pointer into the plan. */
    field?: string;
    /** DataError: the data file, its 1-based line and what is wrong there. */
    file?: string;
    line?: number;
    reason?: string;
    /** NumericalError: 0-based observation and the quantity that went non-finite. */
    observation?: number;
    quantity?: string;
    stack?: string;
}

/** Turns whatever a run threw into a SerializedRunError (by name, so it survives bundling). */
export function serializeRunError(error: unknown): SerializedRunError {
    if (!(error instanceof Error)) return { kind: 'internal', message: String(error) };
    const e = error as Error &
        Partial<Record<'field' | 'file' | 'line' | 'reason' | 'observation' | 'quantity', unknown>>;
    switch (error.name) {
        case 'PlanError':
            return { kind: 'plan', message: error.message, field: typeof e.field === 'string' ? e.field : undefined };
        case 'DataError':
            return {
                kind: 'data',
                message: error.message,
                file: typeof e.file === 'string' ? e.file : undefined,
                line: typeof e.line === 'number' ? e.line : undefined,
                reason: typeof e.reason === 'string' ? e.reason : undefined
            };
        case 'NumericalError':
            return {
                kind: 'numerical',
                message: error.message,
                observation: typeof e.observation === 'number' ? e.observation : undefined,
                quantity: typeof e.quantity === 'string' ? e.quantity : undefined
            };
        case 'CancelledError':
            return { kind: 'cancelled', message: error.message };
        default:
            return { kind: 'internal', message: error.message, stack: error.stack };
    }
}

/** The engine error a SerializedRunError came from (an Error with the message for 'internal'). */
export function deserializeRunError(error: SerializedRunError): Error {
    switch (error.kind) {
        case 'plan': {
            const field = error.field ?? '';
            const prefix = field ? `${field}: ` : '';
            return new PlanError(
                error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
                field
            );
        }
        case 'data':
            return new DataError(error.reason ?? error.message, error.file ?? '', error.line ?? 0);
        case 'numerical': {
            const rebuilt = new NumericalError(error.quantity ?? 'value', error.observation ?? 0);
            rebuilt.message = error.message;
            return rebuilt;
        }
        case 'cancelled':
            return new CancelledError();
        default: {
            const rebuilt = new Error(error.message);
            if (error.stack) rebuilt.stack = error.stack;
            return rebuilt;
        }
    }
}
