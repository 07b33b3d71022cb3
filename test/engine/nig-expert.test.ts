import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { nigInit, nigLayout, nigLogPredictive, nigUpdate } from '../../packages/engine/src/experts/nig-expert.js';
import { nigBatchPosterior, nigLogEvidence } from '../../packages/engine/src/experts/nig-batch.js';
import type { NigPrior } from '../../packages/engine/src/plan/types.js';

const PRIOR: NigPrior = { kind: 'normal-inverse-gamma', mean: [0.5, -1, 0, 2], scale: 10, shape: 2, rate: 1 };

function data(n: number, d: number, seed: number): { X: Float64Array; y: Float64Array } {
    const rng = Rng.stream(seed, 'data');
    const X = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) {
        X[t * d] = 1;
        for (let j = 1; j < d; j++) X[t * d + j] = rng.normal();
        y[t] = 1 + 2 * X[t * d + 1] - X[t * d + 2] + 0.7 * rng.normal();
    }
    return { X, y };
}

describe('NIG expert sufficient statistics', () => {
    it('recursive rank-one updates agree with the batch posterior to 1e-10 relative after 10^4 updates (docs/method.md §2.9 oracle 2)', () => {
        const d = 4;
        const n = 10000;
        const { X, y } = data(n, d, 11);
        const lay = nigLayout(d);
        const state = new Float64Array(lay.size);
        nigInit(state, 0, lay, PRIOR);
        const v = new Float64Array(d);
        const w = new Float64Array(d);
        for (let t = 0; t < n; t++) nigUpdate(state, 0, lay, X, t * d, y[t], v, w);
        const batch = nigBatchPosterior(X, y, n, d, PRIOR);
        for (let i = 0; i < d; i++) {
            expect(Math.abs(state[lay.m + i] - batch.mean[i])).toBeLessThan(
                1e-10 * Math.max(1, Math.abs(batch.mean[i]))
            );
        }
        expect(Math.abs(state[lay.b] - batch.rate) / batch.rate).toBeLessThan(1e-10);
        expect(state[lay.n]).toBe(n);
        // L L' reproduces Lambda, and the raw statistics Lambda0 + S^xx give the same matrix.
        for (let i = 0; i < d; i++) {
            for (let j = 0; j <= i; j++) {
                let s = 0;
                for (let k = 0; k <= j; k++)
                    s += state[lay.L + (i * (i + 1)) / 2 + k] * state[lay.L + (j * (j + 1)) / 2 + k];
                const ref = batch.precision.get(i, j);
                expect(Math.abs(s - ref) / Math.abs(batch.precision.get(i, i))).toBeLessThan(1e-10);
                const raw = state[lay.sxx + (i * (i + 1)) / 2 + j] + (i === j ? 1 / PRIOR.scale : 0);
                expect(Math.abs(raw - ref) / Math.abs(batch.precision.get(i, i))).toBeLessThan(1e-12);
            }
        }
    });

    it('the product of one-step predictives equals the closed-form evidence (chain rule)', () => {
        const d = 4;
        const n = 200;
        const { X, y } = data(n, d, 12);
        const lay = nigLayout(d);
        const state = new Float64Array(lay.size);
        nigInit(state, 0, lay, PRIOR);
        const v = new Float64Array(d);
        const w = new Float64Array(d);
        let logZ = 0;
        for (let t = 0; t < n; t++) {
            logZ += nigLogPredictive(state, 0, lay, PRIOR.shape, X, t * d, y[t], v);
            nigUpdate(state, 0, lay, X, t * d, y[t], v, w);
        }
        const exact = nigLogEvidence(X, y, n, d, PRIOR);
        expect(Math.abs(logZ - exact) / Math.abs(exact)).toBeLessThan(1e-10);
    });
});
