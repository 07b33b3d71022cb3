/**
 * Pool worker of the extension's run worker (out/worker/chain-worker.cjs): piscina loads it in
 * each pool thread and calls its default export with one filter to run. piscina is not bundled
 * (esbuild.mjs); the packaged extension carries it in out/node_modules/piscina.
 */
export { chainTask as default } from '@moe-studio/engine/parallel';
export { emRestartTask, heldOutTask } from '@moe-studio/engine/parallel';
