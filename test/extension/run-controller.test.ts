import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '@moe-studio/engine';
import { RunController } from '../../packages/extension/src/extension/run-controller.js';
import type { WorkerLike } from '../../packages/extension/src/extension/run-controller.js';
import type { FromRunWorker, RunRequest } from '@moe-studio/engine';
import { sparseExpertsSource } from '@moe-studio/engine/plan';
import { plPlan, plResult } from './fixtures.js';

/** A worker that records what it is sent and lets the test play the engine's part. */
class FakeWorker extends EventEmitter implements WorkerLike {
    readonly sent: RunRequest[] = [];
    terminated = 0;
    postMessage(message: RunRequest): void {
        this.sent.push(message);
    }
    terminate(): Promise<number> {
        this.terminated++;
        return Promise.resolve(1);
    }
    reply(message: FromRunWorker): void {
        this.emit('message', message);
    }
}

function setup(graceMs?: number) {
    const workers: FakeWorker[] = [];
    const controller = new RunController(
        () => {
            const w = new FakeWorker();
            workers.push(w);
            return w;
        },
        { graceMs }
    );
    return { controller, workers };
}

const progress = (done: number): RunProgress => ({
    observationsDone: done,
    observationsTotal: 10,
    ess: 50,
    elapsedSeconds: done / 10
});

describe('RunController', () => {
    it('starts a worker with the plan and the progress interval', () => {
        const { controller, workers } = setup();
        const run = controller.start(plPlan(), {}, 123);
        expect(workers).toHaveLength(1);
        expect(workers[0].sent).toEqual([
            { type: 'run', plan: plPlan(), progressIntervalMs: 123, stop: expect.any(SharedArrayBuffer) }
        ]);
        expect(new Int32Array(workers[0].sent[0].stop)[0]).toBe(0);
        expect(controller.activeRunOf('/models/tiny.moe')).toBe(run);
    });

    it('forwards progress and settles with the result, stopping the worker', async () => {
        const { controller, workers } = setup();
        const seen: number[] = [];
        const run = controller.start(plPlan(), { onProgress: p => seen.push(p.observationsDone) });
        workers[0].reply({ type: 'progress', progress: progress(3) });
        workers[0].reply({ type: 'progress', progress: progress(7) });
        workers[0].reply({ type: 'result', result: plResult() });
        const outcome = await run.done;
        expect(seen).toEqual([3, 7]);
        expect(outcome.status).toBe('succeeded');
        if (outcome.status === 'succeeded') expect(outcome.result).toEqual(plResult());
        expect(workers[0].terminated).toBe(1);
        expect(controller.activeRuns).toHaveLength(0);
    });

    it('cancels at once by setting the stop flag, ignores what the worker says afterwards, and stops the thread once it answers', async () => {
        const { controller, workers } = setup();
        const seen: number[] = [];
        const run = controller.start(plPlan(), { onProgress: p => seen.push(p.observationsDone) });
        workers[0].reply({ type: 'progress', progress: progress(2) });
        run.cancel();
        const outcome = await run.done;
        expect(outcome.status).toBe('cancelled');
        expect(new Int32Array(workers[0].sent[0].stop)[0]).toBe(1);
        // The engine is asked, not killed: the thread runs on to its next progress point.
        expect(workers[0].terminated).toBe(0);
        workers[0].reply({ type: 'progress', progress: progress(4) });
        workers[0].reply({ type: 'error', error: { kind: 'cancelled', message: 'run cancelled' } });
        expect(await run.stopped).toBeGreaterThanOrEqual(0);
        expect(workers[0].terminated).toBe(1);
        expect(seen).toEqual([2]);
        expect(controller.activeRunOf('/models/tiny.moe')).toBeUndefined();
    });

    it('terminates a cancelled worker that has not answered after the grace period', async () => {
        const { controller, workers } = setup(20);
        const run = controller.start(plPlan());
        run.cancel();
        expect((await run.done).status).toBe('cancelled');
        expect(workers[0].terminated).toBe(0);
        await run.stopped;
        expect(workers[0].terminated).toBe(1);
    });

    it('reports an engine error with where it points to', async () => {
        const { controller, workers } = setup();
        const run = controller.start(plPlan());
        workers[0].reply({
            type: 'error',
            error: { kind: 'data', message: 'x.csv:4: missing value', file: '/d/x.csv', line: 4 }
        });
        const outcome = await run.done;
        expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'data', file: '/d/x.csv', line: 4 } });
    });

    it('treats a CancelledError from the engine as a cancellation', async () => {
        const { controller, workers } = setup();
        const run = controller.start(plPlan());
        workers[0].reply({ type: 'error', error: { kind: 'cancelled', message: 'run cancelled' } });
        expect((await run.done).status).toBe('cancelled');
    });

    it('fails cleanly when the worker crashes or exits without an answer', async () => {
        const { controller, workers } = setup();
        const crashed = controller.start(plPlan());
        workers[0].emit('error', new RangeError('out of memory'));
        expect(await crashed.done).toMatchObject({ status: 'failed', error: { kind: 'internal' } });

        const exited = controller.start(plPlan());
        workers[1].emit('exit', 3);
        const outcome = await exited.done;
        expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'internal' } });
        if (outcome.status === 'failed') expect(outcome.error.message).toContain('code 3');
    });

    it('runs several models at once and cancels them all', async () => {
        const { controller } = setup();
        const a = controller.start(plPlan());
        const other = plPlan();
        other.model = { name: 'other', source: '/models/other.moe' };
        const b = controller.start(other);
        expect(controller.activeRuns).toHaveLength(2);
        controller.cancelAll();
        expect((await a.done).status).toBe('cancelled');
        expect((await b.done).status).toBe('cancelled');
    });
});

// The real worker bundle, built by `node esbuild.mjs`: a run in a worker thread is stopped by
// Cancel while the engine is busy, through the stop flag, well before the grace period ends.
const workerBundle = fileURLToPath(new URL('../../packages/extension/out/worker/run-worker.cjs', import.meta.url));

describe.skipIf(!existsSync(workerBundle))('RunController with the real worker', () => {
    it('cancels a running particle filter and the worker thread exits', async () => {
        const plan = plPlan();
        plan.data.train.source = sparseExpertsSource(20000, 5, { experts: 4, active: 2, inputs: 2, noise: 0.5 });
        plan.experts = {
            family: 'gaussian',
            count: 4,
            dimension: 3,
            prior: { kind: 'normal-inverse-gamma', mean: [0, 0, 0], scale: 10, shape: 2, rate: 1 }
        };
        plan.inference = { ...plan.inference, particles: 500 } as typeof plan.inference;
        let worker: Worker | undefined;
        let exited!: Promise<void>;
        const answers: string[] = [];
        // A grace period longer than the test: the thread must end through the stop flag.
        const controller = new RunController(
            () => {
                worker = new Worker(workerBundle);
                exited = new Promise(resolve => worker!.once('exit', () => resolve()));
                worker.on('message', (m: FromRunWorker) => {
                    if (m.type !== 'progress') answers.push(m.type === 'error' ? m.error.kind : m.type);
                });
                return worker;
            },
            { graceMs: 600_000 }
        );
        let progressSeen = 0;
        const run = controller.start(
            plan,
            {
                onProgress: () => {
                    progressSeen++;
                    run.cancel();
                }
            },
            50
        );
        // Should the engine be slow to report, cancel anyway once it is surely inside the filter.
        const fallback = setTimeout(() => run.cancel(), 15_000);
        const outcome = await run.done;
        clearTimeout(fallback);
        expect(outcome.status).toBe('cancelled');
        await exited;
        expect(await run.stopped).toBeGreaterThanOrEqual(0);
        expect(progressSeen).toBeGreaterThan(0);
        expect(answers).toEqual(['cancelled']);
        expect(worker!.threadId).toBe(-1);
    });
});
