export * from './plan/types.js';
export * from './result/types.js';
export * from './errors.js';
export type { RunHooks } from './run-hooks.js';
export type { Dataset } from './data/dataset.js';
