export { centralInterval, quantile, type UnivariatePredictive } from './mixture.js';
export { StudentTMixture } from './student-t-mixture.js';
export { NormalMixture } from './normal-mixture.js';
export { PredictiveScores, levelKey } from './scores.js';
