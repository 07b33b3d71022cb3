/**
 * Runs an execution plan: validates it, loads the training and held-out streams (the held-out
 * CSV scaled with the training statistics) and hands them to the algorithm the plan names.
 * The runners are synchronous; this function is async only because streams are read from disk.
 */
import type { ExecutionPlan } from './plan/types.js';
import type { RunResult } from './result/types.js';
import type { RunHooks } from './run-hooks.js';
import { validatePlan } from './plan/validate-plan.js';
import { loadStream } from './data/load-stream.js';
import { runParticleLearning } from './pl/run-particle-learning.js';
import { runEm } from './hmoe/run-em.js';
import { CancelledError } from './errors.js';

export async function runPlan(plan: ExecutionPlan, hooks: RunHooks = {}): Promise<RunResult> {
    const valid = validatePlan(plan);
    const train = await loadStream(valid.data.train);
    const test = valid.data.test ? await loadStream(valid.data.test, train.standardization) : undefined;
    // Loading can take a while for a large file; honour a cancel that came meanwhile.
    if (hooks.shouldStop?.()) throw new CancelledError();
    const inference = valid.inference;
    switch (inference.algorithm) {
        case 'particle-learning': return runParticleLearning(valid, train, test, hooks);
        case 'em': return runEm(valid, train, test, hooks);
    }
}
