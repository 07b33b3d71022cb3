/**
 * The data streams of the run a pool thread last served. The tasks of one run (its filters, its
 * EM starts, its held-out pieces) share them, so a thread serving several loads each stream
 * once; a task of another run reloads (a CSV may have changed in between).
 */
import type { Dataset } from '../data/dataset.js';
import { loadStream } from '../data/load-stream.js';
import type { ExecutionPlan } from '../plan/types.js';

let loaded: { runId: string; train: Promise<Dataset>; test?: Promise<Dataset> } | undefined;

function streamsOf(runId: string, plan: ExecutionPlan) {
    if (loaded?.runId !== runId) loaded = { runId, train: loadStream(plan.data.train) };
    return loaded;
}

/** The run's training stream. */
export function trainingStream(runId: string, plan: ExecutionPlan): Promise<Dataset> {
    return streamsOf(runId, plan).train;
}

/** The run's held-out stream, scaled with the training statistics as runPlan scales it. */
export function heldOutStream(runId: string, plan: ExecutionPlan): Promise<Dataset> {
    const streams = streamsOf(runId, plan);
    const spec = plan.data.test;
    if (!spec) return Promise.reject(new Error('the plan has no held-out stream'));
    streams.test ??= streams.train.then(train => loadStream(spec, train.standardization));
    return streams.test;
}
