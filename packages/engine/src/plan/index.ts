export * from './types.js';
export { estimateFitBytes, fitSizeProblem, memoryBudget, MAX_RESTARTS, type FitShape, type SizePart } from './plan-size.js';
