/**
 * Messages between the run controller (extension host) and the run worker thread.
 */
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { RunProgress, RunResult, SerializedRunError } from '@moe-studio/engine';

export { serializeRunError, type SerializedRunError } from '@moe-studio/engine';

export type ToWorkerMessage = { type: 'run'; plan: ExecutionPlan; progressIntervalMs: number };

export type FromWorkerMessage =
    | { type: 'progress'; progress: RunProgress }
    | { type: 'result'; result: RunResult }
    | { type: 'error'; error: SerializedRunError };
