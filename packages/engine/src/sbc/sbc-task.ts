/**
 * The pool task of simulation-based calibration: one replicate. The model's design is loaded
 * once per thread (every replicate of a run shares it) and the shared stop flag is polled at
 * the fit's progress points, so Ctrl-C stops every replicate within a fraction of a second.
 */
import type { Dataset } from '../data/dataset.js';
import { loadStream } from '../data/load-stream.js';
import type { ExecutionPlan } from '../plan/types.js';
import { runReplicate, type ReplicateOutcome } from './replicate.js';

export interface SbcTask {
    plan: ExecutionPlan;
    replicate: number;
    draws: number;
    /** SharedArrayBuffer of one Int32: 1 asks the replicate to stop. */
    stop: SharedArrayBuffer;
}

let cached: { key: string; design: Promise<Dataset> } | undefined;

export function designOf(plan: ExecutionPlan): Promise<Dataset> {
    const key = JSON.stringify(plan.data.train);
    if (cached?.key !== key) cached = { key, design: loadStream(plan.data.train) };
    return cached.design;
}

export async function sbcTask(task: SbcTask): Promise<ReplicateOutcome> {
    const design = await designOf(task.plan);
    const stop = new Int32Array(task.stop);
    return runReplicate(task.plan, design, task.replicate, task.draws, {
        shouldStop: () => Atomics.load(stop, 0) === 1
    });
}
