/**
 * Requests and notifications shared by the language server and the extension client.
 * One place for their names and payloads, so both sides agree.
 */
import type { ExecutionPlan } from '@moe-studio/engine/plan';

/** A problem in a model, with 1-based line and column (as `moe check` prints them). */
export interface MoeProblem {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning';
    message: string;
}

/** Ask the server for the compiled plan of an open document (after it has been validated). */
export const CompilePlanRequest = 'moe/compilePlan';
export interface CompilePlanParams {
    uri: string;
}
/** `plan` is present only when the model has no errors. */
export interface CompilePlanResult {
    plan?: ExecutionPlan;
    problems: MoeProblem[];
}
