/**
 * The extension's run worker as it is packaged (`vsce package --no-dependencies`: no
 * node_modules): out/worker/ and the piscina copy in out/node_modules/ are copied to a folder
 * with no node_modules above it, and a plan with several filters runs there on the pool (on a
 * machine with two cores or more; on one, the worker runs them on its own thread), with the
 * result of running them on one thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runPlan, type ExecutionPlan, type RunResult } from '@moe-studio/engine';
import type { FromRunWorker, RunRequest } from '@moe-studio/engine';
import { newStopFlag } from '@moe-studio/engine/parallel';
import { plPlan } from '../engine/helpers/pl-fixtures.js';

const out = resolve(__dirname, '../../packages/extension/out');
const built = ['worker/run-worker.cjs', 'worker/chain-worker.cjs', 'node_modules/piscina/package.json'].every(f =>
    existsSync(join(out, f))
);
const folder = mkdtempSync(join(tmpdir(), 'moe-extension-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `plan` in the packaged worker and resolves with its result (rejects on its error). */
function runPackaged(plan: ExecutionPlan): Promise<{ result: RunResult; progress: number }> {
    const worker = new Worker(join(folder, 'out/worker/run-worker.cjs'));
    let progress = 0;
    return new Promise<{ result: RunResult; progress: number }>((resolvePromise, reject) => {
        worker.on('message', (message: FromRunWorker) => {
            if (message.type === 'progress') progress = message.progress.observationsDone;
            else if (message.type === 'result') resolvePromise({ result: message.result, progress });
            else reject(new Error(message.error.message));
        });
        worker.on('error', reject);
        worker.postMessage({ type: 'run', plan, stop: newStopFlag(), progressIntervalMs: 50 } satisfies RunRequest);
    }).finally(() => void worker.terminate());
}

describe.skipIf(!built)('the packaged run worker', () => {
    it('runs the filters of a plan on its pool without node_modules, bit for bit as on one thread', async () => {
        for (const part of ['worker', 'node_modules'])
            cpSync(join(out, part), join(folder, 'out', part), { recursive: true });
        const plan = plPlan({ particles: 40, chains: 3 });
        if (plan.data.train.source.kind === 'sparse-experts') plan.data.train.source.n = 60;
        const { result, progress } = await runPackaged(plan);
        const here = await runPlan(plan);
        expect({ ...result, timing: undefined }).toEqual({ ...here, timing: undefined });
        expect(progress).toBe(180);
    });
});
