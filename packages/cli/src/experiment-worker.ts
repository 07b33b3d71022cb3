/**
 * Pool worker of `moe experiment` (dist/experiment-worker.cjs): piscina loads this file in each
 * pool thread and calls the named export of the task's kind (experiments/fit-tasks.ts).
 */
export { ratesFitTask, softmaxRateFitTask, topKFitTask } from './experiments/fit-tasks.js';
