/** Experiment options for tests: one thread, a fixed seed, progress recorded, no Ctrl-C. */
import type { ExperimentOptions } from '../../../packages/cli/src/experiments/experiment.js';

export function tinyOptions(
    results: string,
    over: Partial<ExperimentOptions> = {}
): ExperimentOptions & { progress: number[] } {
    const progress: number[] = [];
    return {
        quick: true,
        jobs: 1,
        seed: 3,
        results,
        signal: new AbortController().signal,
        onProgress: done => progress.push(done),
        progress,
        ...over
    };
}
