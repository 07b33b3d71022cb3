export * from './types.js';
export { HMOE_RATES_TRUTH, hmoeRatesSource } from './hmoe-rates-truth.js';
export {
    estimateFitBytes,
    fitSizeProblem,
    memoryBudget,
    MAX_RESTARTS,
    type FitShape,
    type SizePart
} from './plan-size.js';
export { canonicalJson } from './canonical-json.js';
export { HSMOE_SYN_10X3, sparseExpertsSource, type SparseExpertsDesign } from './sparse-experts-source.js';
