/**
 * The pool task that screens one EM start of a plan (runEmWith's screener on a pool): the
 * thread loads the training stream once per run, builds the problem and runs start `restart`
 * through the screen. Like chainTask it never throws: an error comes back flattened.
 */
import type { Dataset } from '../data/dataset.js';
import { loadStream } from '../data/load-stream.js';
import type { RestartFit } from '../hmoe/fit-em.js';
import { screenStartOf } from '../hmoe/run-em.js';
import type { ExecutionPlan } from '../plan/types.js';
import { serializeRunError, type SerializedRunError } from '../run-error.js';
import { anyStopRequested } from './stop-flag.js';

export interface EmRestartTask {
    /** Identifies the run, so a thread reuses the stream it loaded for the same run. */
    runId: string;
    plan: ExecutionPlan;
    restart: number;
    stops: SharedArrayBuffer[];
}

export type EmRestartReply = { fit: RestartFit } | { error: SerializedRunError };

let loaded: { runId: string; train: Promise<Dataset> } | undefined;

export async function emRestartTask(task: EmRestartTask): Promise<EmRestartReply> {
    try {
        if (loaded?.runId !== task.runId) loaded = { runId: task.runId, train: loadStream(task.plan.data.train) };
        const train = await loaded.train;
        return { fit: screenStartOf(task.plan, train, task.restart, { shouldStop: anyStopRequested(task.stops) }) };
    } catch (error) {
        return { error: serializeRunError(error) };
    }
}
