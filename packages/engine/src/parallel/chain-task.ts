/**
 * The task a chain pool's worker threads run: one particle-learning filter of a plan. It loads
 * the training stream itself (a plan is small to send, a stream may not be), runs the filter,
 * reports progress on the task's port and stops when a shared stop flag is set. A thread running
 * several filters of one run loads the stream once (run-streams.ts).
 *
 * It never throws: an engine error is returned flattened (serializeRunError), because piscina
 * rethrows a worker's exception in the pool as a plain Error, losing the class that tells a
 * caller a cancelled run from bad data.
 */
import { runChain } from '../pl/chain.js';
import { serializeRunError } from '../run-error.js';
import type { ChainProgressMessage, ChainTask } from './messages.js';
import { trainingStream } from './run-streams.js';
import { anyStopRequested } from './stop-flag.js';
import { movable } from './transfer.js';

export async function chainTask(task: ChainTask): Promise<unknown> {
    try {
        const train = await trainingStream(task.runId, task.plan);
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
