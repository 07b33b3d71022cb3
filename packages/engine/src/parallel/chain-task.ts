/**
 * The task a chain pool's worker threads run: one particle-learning filter of a plan. It loads
 * the streams itself (a plan is small to send, a stream may not be), runs the filter and scores
 * its held-out predictive,
 * reports progress on the task's port and stops when a shared stop flag is set.
 *
 * It never throws: an engine error is returned flattened (serializeRunError), because piscina
 * rethrows a worker's exception in the pool as a plain Error, losing the class that tells a
 * caller a cancelled run from bad data.
 */
import type { Dataset } from '../data/dataset.js';
import { loadStream } from '../data/load-stream.js';
import { runChain } from '../pl/chain.js';
import { serializeRunError } from '../run-error.js';
import type { ChainProgressMessage, ChainTask } from './messages.js';
import { anyStopRequested } from './stop-flag.js';
import { movable } from './transfer.js';

/**
 * The training stream of the last run this thread served. The filters of one run share it, so
 * a thread running several of them loads it once; another run reloads (a CSV may have changed).
 */
let loaded: { runId: string; streams: Promise<{ train: Dataset; test: Dataset | undefined }> } | undefined;

/** The training stream and the held-out one (scaled with the training statistics), once per run. */
function streams(task: ChainTask): Promise<{ train: Dataset; test: Dataset | undefined }> {
    if (loaded?.runId !== task.runId) {
        const { train: trainSpec, test: testSpec } = task.plan.data;
        loaded = {
            runId: task.runId,
            streams: loadStream(trainSpec).then(async (train) => ({ train, test: testSpec ? await loadStream(testSpec, train.standardization) : undefined }))
        };
    }
    return loaded.streams;
}

export async function chainTask(task: ChainTask): Promise<unknown> {
    try {
        const { train, test } = await streams(task);
        const hooks = { shouldStop: anyStopRequested(task.stops), progressIntervalMs: task.progressIntervalMs, fullTraces: task.fullTraces };
        const report = (done: number, ess: number) => task.port.postMessage({ done, ess } satisfies ChainProgressMessage);
        return movable({ output: runChain(task.plan, train, task.chain, hooks, report, test) });
    } catch (error) {
        return movable({ error: serializeRunError(error) });
    }
    // The port is closed by the pool side, once it has read every progress message.
}
