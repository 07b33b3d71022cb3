/**
 * Runs an execution plan: validates it, loads the training and held-out streams (the held-out
 * CSV scaled with the training statistics) and hands them to the algorithm the plan names.
 * The runners are synchronous; this function is async because streams are read from disk and
 * because particle-learning filters may be handed to a ChainRunner (a worker pool, parallel/).
 */
import type { ExecutionPlan } from './plan/types.js';
import type { RunResult } from './result/types.js';
import type { RunHooks } from './run-hooks.js';
import type { Dataset } from './data/dataset.js';
import { validatePlan } from './plan/validate-plan.js';
import { loadStream } from './data/load-stream.js';
import {
    runParticleLearning,
    runParticleLearningWith,
    type ChainRunner,
    type HeldOutScorer
} from './pl/run-particle-learning.js';
import { runEm, runEmWith, type RestartScreener } from './hmoe/run-em.js';
import { CancelledError } from './errors.js';
import { dataDigests } from './files/data-digest.js';

export interface RunPlanOptions {
    /**
     * Runs the filters of a particle-learning plan (for instance poolChainRunner from
     * `@moe-studio/engine/parallel`); without one they run one after another on this thread.
     * The result is the same bit for bit either way. A runner brings its own stop flag and
     * progress interval: `hooks.shouldStop` and `hooks.progressIntervalMs` are not passed to it.
     */
    runner?: ChainRunner;
    /**
     * With a runner: scores the held-out rows of the filters that weigh (for instance
     * poolHeldOutScorer, on the runner's pool); without one they are scored on this thread.
     * The result is the same bit for bit either way.
     */
    heldOutScorer?: HeldOutScorer;
    /**
     * Held-out rows of a particle-learning fit kept with their interval end points (the result's
     * `predictive.points`, for plotting; default 200). 0 when only the scores are wanted: the end
     * points are most of the held-out predictive's cost, and `moe run` shows them only in --json.
     */
    heldOutPoints?: number;
    /** Screens the starts of an EM plan (poolRestartScreener); without one they run here. */
    screener?: RestartScreener;
}

export async function runPlan(
    plan: ExecutionPlan,
    hooks: RunHooks = {},
    options: RunPlanOptions = {}
): Promise<RunResult> {
    // Report at once, before schema validation and data loading, so a caller can show that the run started.
    hooks.onProgress?.({ phase: 'loading', observationsDone: 0, observationsTotal: 0, elapsedSeconds: 0 });
    const valid = validatePlan(plan);
    const train = await loadStream(valid.data.train, undefined, hooks.shouldStop);
    const test = valid.data.test
        ? await loadStream(valid.data.test, train.standardization, hooks.shouldStop)
        : undefined;
    // Loading can take a while for a large file; honour a cancel that came meanwhile.
    if (hooks.shouldStop?.()) throw new CancelledError();
    // Hashed after the read, so a file rewritten while loading is more likely to show up as changed.
    const data = await dataDigests(valid);
    const result = await fit(valid, train, test, hooks, options);
    return data.length > 0 ? { ...result, dataFiles: data } : result;
}

function fit(
    valid: ExecutionPlan,
    train: Dataset,
    test: Dataset | undefined,
    hooks: RunHooks,
    options: RunPlanOptions
): Promise<RunResult> | RunResult {
    switch (valid.inference.algorithm) {
        case 'particle-learning':
            return options.runner
                ? runParticleLearningWith(
                      options.runner,
                      valid,
                      train,
                      test,
                      hooks,
                      options.heldOutPoints,
                      options.heldOutScorer
                  )
                : runParticleLearning(valid, train, test, hooks, options.heldOutPoints);
        case 'em':
            return options.screener
                ? runEmWith(options.screener, valid, train, test, hooks)
                : runEm(valid, train, test, hooks);
    }
}
