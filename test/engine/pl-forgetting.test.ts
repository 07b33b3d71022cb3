import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import { ParticleLearningFilter, type FilterOptions } from '../../packages/engine/src/pl/filter.js';
import { studentTCdf } from '../../packages/engine/src/special/student-t.js';
import { studentTLogPdf } from './helpers/student-t.js';
import type { NigPrior } from '../../packages/engine/src/plan/types.js';
import { hsmoeSyn10x3, HORSESHOE, NORMAL_GATE, plPlan } from './helpers/pl-fixtures.js';
import { runPlan } from '../../packages/engine/src/run-plan.js';
import type { ParticleLearningSpec } from '../../packages/engine/src/plan/types.js';

/**
 * The forgetting factor (pl/forgetting.ts) and the one-step-ahead PIT trace (pl/prequential.ts)
 * against closed forms: lambda = 1 and the trace leave the filter's numbers bit for bit as they
 * were; with one expert the discounted NIG posterior and its Student-t predictive are exact; and
 * "y_t inside the central level-a interval iff |u_t - 1/2| <= a/2" agrees with intervals found by
 * root finding on the particle mixture's CDF.
 */
const PRIOR: NigPrior = { kind: 'normal-inverse-gamma', mean: [0.5, 0], scale: 10, shape: 2, rate: 1 };

function options(o: Partial<FilterOptions> & { K: number; d: number; n: number }): FilterOptions {
    return {
        particles: o.particles ?? 20,
        d: o.d,
        experts: {
            family: 'gaussian',
            count: o.K,
            dimension: o.d,
            prior: o.experts?.family === 'gaussian' ? o.experts.prior : { ...PRIOR, mean: new Array(o.d).fill(0) }
        },
        gatePrior: o.gatePrior ?? NORMAL_GATE,
        hasIntercept: true,
        resampling: 'systematic',
        essThreshold: o.essThreshold ?? 1,
        refreshVisitedSticks: true,
        sweepEvery: o.sweepEvery ?? 1,
        seed: o.seed ?? 5,
        observations: o.n,
        ...(o.forgetting !== undefined ? { forgetting: o.forgetting } : {}),
        ...(o.prequential !== undefined ? { prequential: o.prequential } : {}),
        ...(o.fullTraces !== undefined ? { fullTraces: o.fullTraces } : {})
    };
}

/** A two-column stream (1, x_t) whose regression changes half-way, with fixed pseudo-noise. */
function shiftStream(n: number): { X: Float64Array; y: Float64Array } {
    const X = new Float64Array(2 * n);
    const y = new Float64Array(n);
    for (let t = 0; t < n; t++) {
        const x = Math.sin(1.7 * t + 0.3) * 1.5;
        X[2 * t] = 1;
        X[2 * t + 1] = x;
        const noise = 0.3 * Math.sin(12.9898 * t + 78.233);
        y[t] = (t < n / 2 ? 1 + 2 * x : -1 - 0.5 * x) + noise;
    }
    return { X, y };
}

function bytes(a: Float64Array): Buffer {
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe('forgetting = 1 and the PIT trace', () => {
    it('leave every number of the static filter bit for bit as it was', () => {
        const data = hsmoeSyn10x3(80, 20260114);
        const n = data.n;
        const run = (extra: Partial<FilterOptions>) => {
            const filter = new ParticleLearningFilter(
                options({
                    K: 4,
                    d: data.d,
                    n,
                    particles: 60,
                    gatePrior: HORSESHOE,
                    essThreshold: 0.5,
                    sweepEvery: 3,
                    ...extra
                })
            );
            for (let t = 0; t < n; t++) filter.step(t, data.X, t * data.d, data.y[t]);
            return filter;
        };
        // Full traces (one observation per bin) expose every step's increment and resampling.
        const plain = run({ fullTraces: true });
        const traced = run({ forgetting: 1, prequential: true, fullTraces: true });
        const full = (f: ParticleLearningFilter) => f.traces[1]!.trace;
        expect(bytes(traced.state).equals(bytes(plain.state))).toBe(true);
        expect(bytes(full(traced).incrementSum).equals(bytes(full(plain).incrementSum))).toBe(true);
        expect(bytes(traced.prequential!.logScores).equals(bytes(full(plain).incrementSum))).toBe(true);
        expect(traced.logZ).toBe(plain.logZ);
        expect(Array.from(full(traced).resamplings)).toEqual(Array.from(full(plain).resamplings));
        const pit = traced.prequential!.pit;
        for (let t = 0; t < n; t++) expect(pit[t] >= 0 && pit[t] <= 1).toBe(true);
    });
});

/**
 * Discounted NIG posterior after rows s < t with weights w_s = lambda^(t-s) (the filter's state
 * when it predicts y_t), by the batch formulas of docs/method.md §1.2 with weighted sums, in ml-matrix.
 */
function discountedPosterior(X: Float64Array, y: Float64Array, t: number, lambda: number, prior: NigPrior, last = t) {
    const d = prior.mean.length;
    const lambda0 = Matrix.eye(d, d).mul(1 / prior.scale);
    const m0 = Matrix.columnVector(prior.mean);
    const precision = lambda0.clone();
    const h = lambda0.mmul(m0);
    let syy = 0;
    let count = 0;
    for (let s = 0; s < t; s++) {
        const w = Math.pow(lambda, last - s);
        const x = Matrix.columnVector(Array.from(X.subarray(s * d, s * d + d)));
        precision.add(x.mmul(x.transpose()).mul(w));
        h.add(x.clone().mul(w * y[s]));
        syy += w * y[s] * y[s];
        count += w;
    }
    const mean = new CholeskyDecomposition(precision).solve(h);
    const quad0 = m0.transpose().mmul(lambda0).mmul(m0).get(0, 0);
    const quadN = mean.transpose().mmul(precision).mmul(mean).get(0, 0);
    return { precision, mean, shape: prior.shape + count / 2, rate: prior.rate + 0.5 * (syy + quad0 - quadN), count };
}

describe('which runs record the one-step-ahead trace', () => {
    // It costs about a tenth of the filter, so only forgetting filters record it unless asked.
    it.each([
        [{}, false],
        [{ forgetting: 0.98 }, true],
        [{ prequential: true }, true],
        [{ forgetting: 0.98, prequential: false }, false]
    ] as Array<[Partial<ParticleLearningSpec>, boolean]>)('inference %o: recorded %s', async (extra, recorded) => {
        const base = plPlan({ K: 3, particles: 30, chains: 2 });
        const plan = { ...base, inference: { ...(base.inference as ParticleLearningSpec), ...extra } };
        const result = await runPlan(plan);
        if (result.algorithm !== 'particle-learning') throw new Error('expected a particle-learning result');
        expect(result.prequential !== undefined).toBe(recorded);
        if (result.prequential) expect(result.prequential.count.reduce((a, c) => a + c, 0)).toBe(500);
    });
});

describe('one expert with forgetting', () => {
    it.each([0.9, 0.6])(
        'lambda = %s: every one-step predictive, PIT and the final posterior are the discounted NIG closed form',
        lambda => {
            const n = 40;
            const { X, y } = shiftStream(n);
            const filter = new ParticleLearningFilter({
                ...options({ K: 1, d: 2, n, particles: 3, forgetting: lambda, prequential: true }),
                experts: { family: 'gaussian', count: 1, dimension: 2, prior: PRIOR }
            });
            for (let t = 0; t < n; t++) {
                filter.step(t, X, 2 * t, y[t]);
                const post = discountedPosterior(X, y, t, lambda, PRIOR);
                const x = Matrix.columnVector([X[2 * t], X[2 * t + 1]]);
                const q = x.transpose().mmul(inverse(post.precision)).mmul(x).get(0, 0);
                const mu = x.transpose().mmul(post.mean).get(0, 0);
                const s2 = (post.rate / post.shape) * (1 + q);
                // The recursions and the batch formulas differ in floating-point order only: about
                // 1e-14 here (d = 2, weights >= 0.6^40); 1e-9 leaves room and is far below any
                // modelling difference (discounting the prior too moves the scores by > 1e-3).
                expect(
                    Math.abs(filter.prequential!.logScores[t] - studentTLogPdf(y[t], 2 * post.shape, mu, s2))
                ).toBeLessThan(1e-9);
                expect(
                    Math.abs(filter.prequential!.pit[t] - studentTCdf((y[t] - mu) / Math.sqrt(s2), 2 * post.shape))
                ).toBeLessThan(1e-9);
            }
            // After the last update the newest row weighs 1: weights lambda^(n-1-s).
            const post = discountedPosterior(X, y, n, lambda, PRIOR, n - 1);
            const nl = filter.layout.nig;
            for (let i = 0; i < filter.N; i++) {
                const eo = i * filter.layout.stride;
                expect(Math.abs(filter.state[eo + nl.n] - post.count)).toBeLessThan(1e-12);
                expect(Math.abs(filter.state[eo + nl.b] - post.rate)).toBeLessThan(1e-9);
                for (let c = 0; c < 2; c++)
                    expect(Math.abs(filter.state[eo + nl.m + c] - post.mean.get(c, 0))).toBeLessThan(1e-9);
            }
        }
    );
});

describe('PIT coverage', () => {
    /** The filter's one-step-ahead mixture CDF at y for row T, from its state, by the model's formulas. */
    function mixtureCdf(filter: ParticleLearningFilter, x: number[], y: number): number {
        const { layout: lay, state, K } = filter;
        const nl = lay.nig;
        const a0 = filter.priorShape;
        let G = 0;
        for (let i = 0; i < filter.N; i++) {
            const base = i * lay.stride;
            let rest = 1;
            for (let k = 0; k < K; k++) {
                let pi = rest;
                if (k < K - 1) {
                    let psi = 0;
                    for (let c = 0; c < x.length; c++)
                        psi += x[c] * state[base + lay.sticksOff + k * lay.stickStride + lay.stickPhi + c];
                    const sigma = 1 / (1 + Math.exp(-psi));
                    pi = rest * sigma;
                    rest *= 1 - sigma;
                }
                const eo = base + k * lay.expertStride;
                const L = new Matrix(x.length, x.length);
                for (let r = 0; r < x.length; r++)
                    for (let c = 0; c <= r; c++) L.set(r, c, state[eo + nl.L + (r * (r + 1)) / 2 + c]);
                const xv = Matrix.columnVector(x);
                const q = xv
                    .transpose()
                    .mmul(inverse(L.mmul(L.transpose())))
                    .mmul(xv)
                    .get(0, 0);
                let mu = 0;
                for (let c = 0; c < x.length; c++) mu += x[c] * state[eo + nl.m + c];
                const a = a0 + 0.5 * state[eo + nl.n];
                const s = Math.sqrt((state[eo + nl.b] / a) * (1 + q));
                G += filter.W[i] * pi * studentTCdf((y - mu) / s, 2 * a);
            }
        }
        return G;
    }

    function quantile(G: (y: number) => number, p: number): number {
        let lo = -100;
        let hi = 100;
        for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
            const mid = 0.5 * (lo + hi);
            if (G(mid) < p) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    it('y_t is inside the root-found central interval exactly when |u_t - 1/2| <= level/2', () => {
        const n = 30;
        const { X, y } = shiftStream(n);
        const T = 24;
        const prefix = () => {
            const filter = new ParticleLearningFilter(
                options({ K: 3, d: 2, n, particles: 25, essThreshold: 0.5, prequential: true })
            );
            for (let t = 0; t < T; t++) filter.step(t, X, 2 * t, y[t]);
            return filter;
        };
        const before = prefix();
        const x = [X[2 * T], X[2 * T + 1]];
        const G = (v: number) => mixtureCdf(before, x, v);
        let inside = 0;
        let outside = 0;
        for (const level of [0.5, 0.9]) {
            const lo = quantile(G, (1 - level) / 2);
            const hi = quantile(G, (1 + level) / 2);
            for (const v of [lo - 1e-6, lo + 1e-6, hi - 1e-6, hi + 1e-6, 0.5 * (lo + hi), lo - 1, hi + 1]) {
                const filter = prefix();
                filter.step(T, X, 2 * T, v);
                const u = filter.prequential!.pit[T];
                expect(Math.abs(u - G(v))).toBeLessThan(1e-12);
                const byPit = Math.abs(u - 0.5) <= level / 2;
                const byInterval = v >= lo && v <= hi;
                expect(byPit, `level ${level}, y = ${v}, interval [${lo}, ${hi}], u = ${u}`).toBe(byInterval);
                if (byInterval) inside++;
                else outside++;
            }
        }
        expect(inside).toBeGreaterThan(0);
        expect(outside).toBeGreaterThan(0);
    });
});
