/** The result's types and helpers to read it, without the engine (for the webview's browser bundle). */
export * from './types.js';
export { binEnds, binCounts } from './trace-bins.js';
