/**
 * Pool worker of `moe sbc` (dist/sbc-worker.cjs): piscina loads this file in each pool thread
 * and calls its default export with one calibration replicate. piscina stays outside the bundle
 * (see esbuild.mjs).
 */
export { sbcTask as default } from '@moe-studio/engine/sbc';
