/**
 * The task a chain pool's worker threads run: one particle-learning filter of a plan. It loads
 * the training stream itself (a plan is small to send, a stream may not be), runs the filter,
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
let loaded: { runId: string; train: Promise<Dataset> } | undefined;

/** The training stream, once per run. */
function trainingStream(task: ChainTask): Promise<Dataset> {
    if (loaded?.runId !== task.runId) loaded = { runId: task.runId, train: loadStream(task.plan.data.train) };
    return loaded.train;
}

export async function chainTask(task: ChainTask): Promise<unknown> {
    try {
        const train = await trainingStream(task);
        const hooks = {
            shouldStop: anyStopRequested(task.stops),
            progressIntervalMs: task.progressIntervalMs,
            fullTraces: task.fullTraces
        };
        const report = (done: number, ess: number) =>
            task.port.postMessage({ done, ess } satisfies ChainProgressMessage);
        return movable({ output: runChain(task.plan, train, task.chain, hooks, report) });
    } catch (error) {
        return movable({ error: serializeRunError(error) });
    }
    // The port is closed by the pool side, once it has read every progress message.
}
