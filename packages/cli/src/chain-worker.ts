/**
 * Pool worker of `moe run` (dist/chain-worker.cjs): piscina loads this file in each pool thread
 * and calls its default export with one filter to run. piscina stays outside the bundle (see
 * esbuild.mjs): the task must mark its reply with the same piscina instance that posts it.
 */
export { chainTask as default } from '@moe-studio/engine/parallel';
export { emRestartTask, heldOutTask } from '@moe-studio/engine/parallel';
