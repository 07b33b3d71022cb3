import { describe, expect, it } from 'vitest';
import { ParticleLearningFilter } from '../../packages/engine/src/pl/filter.js';
import { nigLogPredictive } from '../../packages/engine/src/experts/nig-expert.js';
import {
    unrolledGateProbabilities,
    genericGateProbabilities
} from '../../packages/engine/src/pl/kernels/gate-probabilities.js';
import { genericGateLogWeights } from '../../packages/engine/src/pl/kernels/gate-log-weights.js';
import { Rng } from '../../packages/engine/src/random/rng.js';
import type { ExpertsSpec } from '../../packages/engine/src/plan/types.js';

/**
 * The filter weighs Gaussian particles in linear space (gate probabilities times exp(l - M)) and
 * falls back to log space for a particle whose sum leaves the safe range. Both must give each
 * particle's log predictive log sum_k pi_k p(y | expert k), computed here independently from the
 * particle's state with the reference NIG predictive and the log-space gate.
 */
const K = 3;
const d = 2;
const experts: ExpertsSpec = {
    family: 'gaussian',
    count: K,
    dimension: d,
    prior: { kind: 'normal-inverse-gamma', mean: [0, 0], scale: 10, shape: 2, rate: 1 }
};

function makeFilter(): ParticleLearningFilter {
    return new ParticleLearningFilter({
        particles: 4,
        d,
        experts,
        gatePrior: { kind: 'normal', mean: 0, variance: 1 },
        hasIntercept: true,
        resampling: 'systematic',
        essThreshold: 0,
        refreshVisitedSticks: false,
        sweepEvery: 1000,
        seed: 5,
        observations: 3
    });
}

/** log sum_k pi_k t_k for particle i, from its state, by reference functions. */
function referenceLogPredictive(f: ParticleLearningFilter, i: number, x: Float64Array, y: number): number {
    const lay = f.layout;
    const base = i * lay.stride;
    const logPi = new Float64Array(K);
    const at = { sticks: K - 1, sticksOff: lay.sticksOff, stickStride: lay.stickStride, stickPhi: lay.stickPhi };
    genericGateLogWeights(d, at)(f.state, base, x, 0, new Float64Array(K - 1), 0, logPi, 0);
    const terms = Array.from(
        { length: K },
        (_, k) =>
            logPi[k] +
            nigLogPredictive(f.state, base + k * lay.expertStride, lay.nig, f.priorShape, x, 0, y, new Float64Array(d))
    );
    const max = Math.max(...terms);
    return max + Math.log(terms.reduce((s, l) => s + Math.exp(l - max), 0));
}

function logw(f: ParticleLearningFilter): Float64Array {
    return (f as unknown as { logw: Float64Array }).logw;
}

describe('particle predictive weights', () => {
    it('linear-space weights equal the log-space reference for ordinary particles', () => {
        const f = makeFilter();
        const x = Float64Array.from([1, 0.7]);
        const before = f.state.slice();
        const copy = makeFilter();
        copy.state.set(before);
        f.step(0, x, 0, 1.3);
        for (let i = 0; i < 4; i++) {
            const want = referenceLogPredictive(copy, i, x, 1.3);
            expect(Math.abs(logw(f)[i] - want)).toBeLessThan(1e-13 * (1 + Math.abs(want)));
        }
    });

    it('a particle whose linear-space sum underflows is weighed in log space', () => {
        const f = makeFilter();
        const lay = f.layout;
        // Particle 0: stick 0's intercept at +800 puts the gate mass on expert 0 and leaves
        // exp(-800) for the others, while expert 0's mean is far from y, so every term of the
        // linear sum underflows; particle 1 stays ordinary and sets the step's largest l.
        f.state[lay.sticksOff + lay.stickPhi] = 800;
        f.state[lay.sticksOff + lay.stickPhi + 1] = 0;
        f.state[lay.nig.m] = 1e120; // Student-t tails are polynomial: l_0 is about -1400
        // Expert blocks start shared by all particles; particle 0's expert 0 is now its own.
        (f as unknown as { blocks: { id: Int32Array } }).blocks.id[0] = 50;
        const copy = makeFilter();
        copy.state.set(f.state);
        const x = Float64Array.from([1, 0.2]);
        f.step(0, x, 0, -0.4);
        const want0 = referenceLogPredictive(copy, 0, x, -0.4);
        const want1 = referenceLogPredictive(copy, 1, x, -0.4);
        expect(want1 - want0).toBeGreaterThan(700); // the linear-space sum of particle 0 is below 1e-280
        expect(Number.isFinite(logw(f)[0])).toBe(true);
        expect(Math.abs(logw(f)[0] - want0)).toBeLessThan(1e-12 * Math.abs(want0));
        expect(Math.abs(logw(f)[1] - want1)).toBeLessThan(1e-13 * (1 + Math.abs(want1)));
    });
});

describe('gate probabilities kernel', () => {
    for (const dim of [1, 3, 6]) {
        it(`unrolled equals generic and exp of the log-space weights, d = ${dim}`, () => {
            const rng = Rng.stream(dim, 'gate-probabilities');
            const at = { sticks: 5, sticksOff: 1, stickStride: dim + 2, stickPhi: 2 };
            for (let rep = 0; rep < 30; rep++) {
                const scale = rep % 3 === 0 ? 15 : 1.5;
                const state = Float64Array.from({ length: 1 + 5 * (dim + 2) }, () => scale * rng.normal());
                const x = Float64Array.from({ length: dim }, () => rng.normal());
                const a = new Float64Array(6);
                const b = new Float64Array(6);
                const lg = new Float64Array(6);
                unrolledGateProbabilities(dim, at)(state, 0, x, 0, new Float64Array(5), 0, a, 0);
                genericGateProbabilities(dim, at)(state, 0, x, 0, new Float64Array(5), 0, b, 0);
                genericGateLogWeights(dim, at)(state, 0, x, 0, new Float64Array(5), 0, lg, 0);
                for (let k = 0; k < 6; k++) {
                    expect(Object.is(a[k], b[k])).toBe(true);
                    const want = Math.exp(lg[k]);
                    expect(Math.abs(a[k] - want)).toBeLessThanOrEqual(1e-13 * want + 1e-300);
                }
            }
        });
    }
});
