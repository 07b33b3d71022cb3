export { topKLogLikelihood, topKIndices, type TopKParams } from './model.js';
export { fitTopK, TOPK_DEFAULTS, type TopKFit, type TopKFitOptions } from './fit-topk.js';
export { scoreTopK, type TopKScores } from './predict-topk.js';
