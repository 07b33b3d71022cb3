import { describe, expect, it } from 'vitest';
import {
    getFree,
    levelGradient,
    levelLogGates,
    levelLayout,
    levelObjective,
    setFree,
    type GateTargets
} from '../../../packages/engine/src/hmoe/gates.js';
import { maximiseGateLevel } from '../../../packages/engine/src/hmoe/gate-m-step.js';
import { cloneGateLevel, newGateLevel, type GateLevel } from '../../../packages/engine/src/hmoe/model.js';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import type { GateKind } from '../../../packages/engine/src/plan/types.js';

const n = 300;
const p = 3;
const k = 3;

function fixture(
    kind: GateKind,
    rowSums: 'one' | 'varying'
): { level: GateLevel; Z: Float64Array; targets: GateTargets } {
    const rng = Rng.stream(7, `gate-fixture-${kind}-${rowSums}`);
    const Z = Float64Array.from({ length: n * p }, () => 2 * rng.uniform() - 1);
    // Targets: random probabilities times a row sum of 1 (outer level) or h_n in (0, 1) (inner level).
    const T = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
        const w = rowSums === 'one' ? 1 : rng.uniform();
        let total = 0;
        for (let j = 0; j < k; j++) total += T[i * k + j] = rng.exponential();
        for (let j = 0; j < k; j++) T[i * k + j] *= w / total;
    }
    const level = newGateLevel(kind, k, p);
    for (let j = 0; j < k * p; j++) level.weights[j] = 0.8 * rng.normal();
    for (let j = 0; j < k; j++) level.bias[j] = 0.5 * rng.normal();
    return { level, Z, targets: { T, stride: k, offset: 0 } };
}

describe('gate objectives', () => {
    for (const kind of ['softmax', 'laplace'] as const) {
        for (const rowSums of ['one', 'varying'] as const) {
            it(`${kind} gradient matches central finite differences (row sums ${rowSums})`, () => {
                const { level, Z, targets } = fixture(kind, rowSums);
                const layout = levelLayout(level);
                expect(layout.size).toBe(kind === 'softmax' ? (k - 1) * (p + 1) : k * p + k - 1);
                const grad = new Float64Array(layout.size);
                const Q = levelGradient(level, Z, n, targets, layout, grad);
                expect(Q).toBeCloseTo(levelObjective(level, Z, n, targets), 10);
                const theta = getFree(level, layout);
                // Central differences: truncation h^2 |Q'''| / 6 ~ 1e-10 n and rounding
                // eps |Q| / h ~ 1e-16 * 300 / 1e-5 = 3e-9, both far below 1e-6 (1 + |grad|).
                const h = 1e-5;
                for (let a = 0; a < layout.size; a++) {
                    const plus = theta.slice();
                    plus[a] += h;
                    setFree(level, layout, plus);
                    const up = levelObjective(level, Z, n, targets);
                    const minus = theta.slice();
                    minus[a] -= h;
                    setFree(level, layout, minus);
                    const down = levelObjective(level, Z, n, targets);
                    setFree(level, layout, theta);
                    const numeric = (up - down) / (2 * h);
                    expect(Math.abs(numeric - grad[a])).toBeLessThan(1e-6 * (1 + Math.abs(grad[a])));
                }
            });
        }

        it(`${kind} curvature is symmetric positive semi-definite and, for softmax, the exact negative Hessian`, () => {
            const { level, Z, targets } = fixture(kind, 'varying');
            const layout = levelLayout(level);
            const m = layout.size;
            const grad = new Float64Array(m);
            const G = new Float64Array(m * m);
            levelGradient(level, Z, n, targets, layout, grad, G);
            for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) expect(G[a * m + b]).toBe(G[b * m + a]);
            // v'Gv >= 0 for random directions.
            const rng = Rng.stream(3, 'psd');
            for (let r = 0; r < 20; r++) {
                const v = Float64Array.from({ length: m }, () => rng.normal());
                let q = 0;
                for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) q += v[a] * G[a * m + b] * v[b];
                expect(q).toBeGreaterThanOrEqual(-1e-9);
            }
            if (kind === 'softmax') {
                // -dgrad/dtheta by central differences of the analytic gradient.
                const theta = getFree(level, layout);
                const h = 1e-5;
                const gp = new Float64Array(m);
                const gm = new Float64Array(m);
                for (let b = 0; b < m; b++) {
                    const plus = theta.slice();
                    plus[b] += h;
                    setFree(level, layout, plus);
                    levelGradient(level, Z, n, targets, layout, gp);
                    const minus = theta.slice();
                    minus[b] -= h;
                    setFree(level, layout, minus);
                    levelGradient(level, Z, n, targets, layout, gm);
                    setFree(level, layout, theta);
                    for (let a = 0; a < m; a++) {
                        const hess = (gp[a] - gm[a]) / (2 * h);
                        expect(Math.abs(-hess - G[a * m + b])).toBeLessThan(1e-5 * (1 + Math.abs(G[a * m + b])));
                    }
                }
            }
        });

        it(`${kind} M-step never decreases the objective and recovers the gate that generated the targets`, () => {
            // Targets T_n = w_n g*(z_n) from a known gate: Q is then maximised exactly at g = g*
            // (a cross-entropy), so the parameters must return to the generating ones.
            const { level: truth, Z, targets } = fixture(kind, 'varying');
            const layout = levelLayout(truth);
            const logG = new Float64Array(n * k);
            levelLogGates(truth, Z, n, logG);
            for (let i = 0; i < n; i++) {
                let w = 0;
                for (let j = 0; j < k; j++) w += targets.T[i * k + j];
                for (let j = 0; j < k; j++) targets.T[i * k + j] = w * Math.exp(logG[i * k + j]);
            }
            const thetaTrue = getFree(truth, layout);
            const level = cloneGateLevel(truth);
            const rng = Rng.stream(5, 'perturb');
            setFree(
                level,
                layout,
                thetaTrue.map(v => v + 0.3 * rng.normal())
            );
            let before = levelObjective(level, Z, n, targets);
            for (let round = 0; round < 40; round++) {
                const report = maximiseGateLevel(level, Z, n, targets, { maxSteps: 1, relativeTolerance: 0 });
                const after = levelObjective(level, Z, n, targets);
                expect(after).toBeGreaterThanOrEqual(before);
                expect(report.gain).toBeCloseTo(after - before, 9);
                before = after;
            }
            const theta = getFree(level, layout);
            for (let a = 0; a < layout.size; a++) expect(Math.abs(theta[a] - thetaTrue[a])).toBeLessThan(1e-4);
        });
    }
});
