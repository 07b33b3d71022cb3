export * from './plan/types.js';
export * from './result/types.js';
export { binEnds, binCounts } from './result/trace-bins.js';
export * from './errors.js';
export { serializeRunError, deserializeRunError, type SerializedRunError } from './run-error.js';
export type { RunHooks } from './run-hooks.js';
// The starting side of the run worker (its body is serveRunWorker in ./parallel, with the pool).
export {
    startRunWorker,
    runResultOf,
    type RunWorkerLike,
    type RunWorkerOptions,
    type RunWorkerOutcome,
    type RunInWorker
} from './parallel/run-worker-host.js';
export type { RunRequest, FromRunWorker } from './parallel/run-worker-messages.js';
export type { Dataset, Standardization } from './data/dataset.js';
export { designRow } from './data/dataset.js';
export { runPlan, type RunPlanOptions } from './run-plan.js';
export type { ChainRunner } from './pl/run-particle-learning.js';
export { particleBytes, checkParticleLearning } from './pl/run-particle-learning.js';
export type { ChainOutput } from './pl/chain.js';
export { validatePlan } from './plan/validate-plan.js';
export { loadStream } from './data/load-stream.js';
export { CSV_DIALECT } from './data/csv-dialect.js';
export { Rng } from './random/rng.js';
export { studentTCdf } from './special/student-t.js';
export {
    generateSparseExperts,
    sparseExpertsTruth,
    sparseExpertsGate,
    type SparseExpertsTruth
} from './data/generators/sparse-experts.js';
export { generateHierarchical, hierarchicalLeafProbabilities } from './data/generators/hierarchical.js';
export { generateShift } from './data/generators/shift.js';
export type { SyntheticSample } from './data/generators/categorical.js';
export * from './topk/index.js';
// EM numerics for experiments that fit many generated data sets (moe experiment hmoe-*).
export { fitHmoe, type EmFit, type EmFitOptions } from './hmoe/fit-em.js';
export { eStep, newEStepBuffers } from './hmoe/e-step.js';
export { leafAtoms, type LeafAtom } from './hmoe/estimation-error.js';
export {
    newParams,
    cloneParams,
    gateInputs,
    leafCount,
    type HmoeParams,
    type HmoeShape,
    type GateLevel
} from './hmoe/model.js';
export { varianceFloorFor, type EmProblem } from './hmoe/problem.js';
export { problemFromDataset } from './hmoe/run-em.js';
export { truthParams } from './hmoe/truth.js';
export { hierarchicalDataset } from './hmoe/synthetic.js';
export { maximiseGateLevel } from './hmoe/gate-m-step.js';
