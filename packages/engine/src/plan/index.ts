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
