/**
 * Entry of the run worker bundle (esbuild.mjs builds it as packages/cli/dist/run-worker.cjs and
 * packages/extension/out/worker/run-worker.cjs); the pool's chain worker sits next to it.
 */
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { serveRunWorker } from './run-worker.js';

if (!parentPort) throw new Error('run-worker must be started as a worker thread');
serveRunWorker(parentPort, join(__dirname, 'chain-worker.cjs'));
