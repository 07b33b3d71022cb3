/**
 * Particle-learning filters on a pool of worker threads (`@moe-studio/engine/parallel`). Kept out
 * of the engine's main entry so that code which never runs a pool does not load piscina.
 *
 * Pool side: `new ChainPool({ workerFile })`, then `runPlan(plan, hooks, { runner:
 * poolChainRunner(pool, { stop }) })`. Worker side: a bundle whose default export is chainTask.
 */
export { ChainPool, type ChainPoolOptions } from './chain-pool.js';
export { poolChainRunner, type PoolRunnerOptions } from './pool-runner.js';
export { poolPays } from './pool-pays.js';
export { chainTask } from './chain-task.js';
export { emRestartTask, type EmRestartTask, type EmRestartReply } from './em-restart-task.js';
export { poolRestartScreener } from './em-restart-runner.js';
export { heldOutTask, type HeldOutTask, type HeldOutReply } from './held-out-task.js';
export { poolHeldOutScorer } from './held-out-scorer.js';
export { newStopFlag, requestStop, anyStopRequested } from './stop-flag.js';
export type { ChainTask, ChainReply, ChainProgressMessage } from './messages.js';
export { WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
export { serveRunWorker } from './run-worker.js';
