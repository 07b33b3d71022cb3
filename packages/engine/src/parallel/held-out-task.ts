/**
 * The pool task that scores one filter's final particles at a range of held-out rows (the
 * held-out predictive's per-filter part, pl/predictive.ts `rowPredictives`). The thread loads
 * both streams once per run (run-streams.ts); the particles come with the task. Each row's
 * numbers depend on that row only, so the pieces put together equal the rows scored at once.
 * Like chainTask it never throws: an error comes back flattened.
 */
import type { ExecutionPlan } from '../plan/types.js';
import { filterPopulation } from '../pl/pool-chains.js';
import { rowPredictives, type RowPredictives } from '../pl/predictive.js';
import { CancelledError } from '../errors.js';
import { serializeRunError, type SerializedRunError } from '../run-error.js';
import { heldOutStream, trainingStream } from './run-streams.js';
import { anyStopRequested } from './stop-flag.js';
import { movableWith, ownBuffers } from './transfer.js';

export interface HeldOutTask {
    /** Identifies the run, so a thread reuses the streams it loaded for the same run. */
    runId: string;
    plan: ExecutionPlan;
    /** The filter's final particles: state blocks and normalised weights. */
    state: Float64Array;
    W: Float64Array;
    /** Held-out rows [from, to). */
    from: number;
    to: number;
    stops: SharedArrayBuffer[];
}

export type HeldOutReply = { rows: RowPredictives } | { error: SerializedRunError };

export async function heldOutTask(task: HeldOutTask): Promise<unknown> {
    try {
        const train = await trainingStream(task.runId, task.plan);
        const test = await heldOutStream(task.runId, task.plan);
        if (anyStopRequested(task.stops)()) throw new CancelledError();
        const population = filterPopulation(task.plan, train, task);
        const rows = rowPredictives(population, test, task.from, task.to);
        return movableWith({ rows } satisfies HeldOutReply, ownBuffers(rows));
    } catch (error) {
        return { error: serializeRunError(error) } satisfies HeldOutReply;
    }
}
