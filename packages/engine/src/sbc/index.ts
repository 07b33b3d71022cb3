/**
 * Simulation-based calibration of particle-learning models (`@moe-studio/engine/sbc`): the
 * generative model a plan declares, one replicate (simulate, fit, rank), and the verdict.
 */
export {
    sbcRefusal,
    drawParameters,
    simulateTargets,
    logLikelihood,
    type ModelParameters
} from './generative-model.js';
export { posteriorDraws } from './posterior-draws.js';
export { quantityNames, rankOf, binRanks, uniformityTest, binomialBand, type RankHistogram } from './ranks.js';
export { runReplicate, replicateSeed, type ReplicateOutcome } from './replicate.js';
export { summarizeCalibration, type CalibrationSummary } from './calibration.js';
export { sbcTask, designOf, type SbcTask } from './sbc-task.js';
