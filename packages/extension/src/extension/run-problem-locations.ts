/** Where a failed run's problem belongs in the Problems panel. Pure, so it is tested without VS Code. */
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { SerializedRunError } from '@moe-studio/engine';

/** Where a run error belongs: the data file's line (1-based), and the model's stream line. */
export function runProblemLocations(
    error: SerializedRunError,
    plan: ExecutionPlan
): Array<{ file: string; line: number; message: string }> {
    if (error.kind !== 'data' && error.kind !== 'numerical') return [];
    const where: Array<{ file: string; line: number; message: string }> = [];
    if (error.kind === 'data' && error.file && error.line)
        where.push({ file: error.file, line: error.line, message: error.reason ?? error.message });
    where.push({
        file: plan.model.source,
        line: plan.data.train.line,
        message: `The last run stopped: ${error.message}`
    });
    return where;
}
