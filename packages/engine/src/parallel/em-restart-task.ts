/**
 * The pool task that screens one EM start of a plan (runEmWith's screener on a pool): the
 * thread loads the training stream once per run, builds the problem and runs start `restart`
 * through the screen. Like chainTask it never throws: an error comes back flattened.
 */
import type { RestartFit } from '../hmoe/fit-em.js';
import { screenStartOf } from '../hmoe/run-em.js';
import type { ExecutionPlan } from '../plan/types.js';
import { serializeRunError, type SerializedRunError } from '../run-error.js';
import { trainingStream } from './run-streams.js';
import { anyStopRequested } from './stop-flag.js';

export interface EmRestartTask {
    /** Identifies the run, so a thread reuses the stream it loaded for the same run. */
    runId: string;
    plan: ExecutionPlan;
    restart: number;
    stops: SharedArrayBuffer[];
}

export type EmRestartReply = { fit: RestartFit } | { error: SerializedRunError };

export async function emRestartTask(task: EmRestartTask): Promise<EmRestartReply> {
    try {
        const train = await trainingStream(task.runId, task.plan);
        return { fit: screenStartOf(task.plan, train, task.restart, { shouldStop: anyStopRequested(task.stops) }) };
    } catch (error) {
        return { error: serializeRunError(error) };
    }
}
