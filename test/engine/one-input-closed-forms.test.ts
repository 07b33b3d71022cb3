import { describe, expect, it } from 'vitest';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { runEm } from '../../packages/engine/src/hmoe/run-em.js';
import { CURVE_DATA_POINTS, CURVE_POINTS, fittedCurve } from '../../packages/engine/src/predictive/fitted-curve.js';
import { NormalMixture } from '../../packages/engine/src/predictive/normal-mixture.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import type { ExecutionPlan, FittedCurve, NigPrior } from '../../packages/engine/src/index.js';
import { studentTCdf } from '../../packages/engine/src/special/student-t.js';
import { logGamma } from '../../packages/engine/src/special/log-gamma.js';
import { InverseGammaMixture } from '../../packages/engine/src/predictive/inverse-gamma-mixture.js';
import { plPlan } from './helpers/pl-fixtures.js';
import { moments, motorcycleRows, motorcycleStandardized as spec } from './helpers/motorcycle.js';

/**
 * Summaries of one-input fits of the motorcycle data against closed forms. The fitted mean function with its 90% predictive band over the motorcycle data (one input),
 * against closed forms computed here from the raw CSV. Particle learning with one Gaussian
 * expert is exact: the predictive at x is the NIG posterior's Student-t
 * t_{2a_n}(x'm_n, (b_n/a_n)(1 + x'Lambda_n^-1 x)) on the z-scale (docs/method.md §1.2), mapped back
 * by y = mean + sd z. EM with a single leaf is least squares, its predictive N(x'beta, RSS/n).
 */
/** Sums of the z-scored design [1, x]: X'X, X'y, y'y, n. */
function sums() {
    const { x, y } = motorcycleRows();
    const mx = moments(x);
    const my = moments(y);
    const zx = x.map(v => (v - mx.mean) / mx.sd);
    const zy = y.map(v => (v - my.mean) / my.sd);
    let sx = 0,
        sxx = 0,
        sy = 0,
        sxy = 0,
        syy = 0;
    zx.forEach((v, i) => {
        sx += v;
        sxx += v * v;
        sy += zy[i];
        sxy += v * zy[i];
        syy += zy[i] * zy[i];
    });
    return { x, y, mx, my, n: x.length, sx, sxx, sy, sxy, syy };
}

/** Inverse of the symmetric 2x2 [[a, b], [b, c]]. */
const inv2 = (a: number, b: number, c: number) => {
    const det = a * c - b * b;
    return [c / det, -b / det, a / det] as const;
};

function checkGrid(curve: FittedCurve, x: number[]) {
    expect(curve.input).toBe('times');
    expect(curve.level).toBe(0.9);
    expect(curve.x).toHaveLength(CURVE_POINTS);
    expect(curve.x[0]).toBeCloseTo(Math.min(...x), 12);
    expect(curve.x[CURVE_POINTS - 1]).toBeCloseTo(Math.max(...x), 12);
    expect(curve.data.x.length).toBe(Math.min(x.length, CURVE_DATA_POINTS));
}

describe('fitted curve for one input', () => {
    it('particle learning, one expert: mean and 90% band are the closed-form Student-t predictive on the original scale', async () => {
        const train = await loadStream(spec);
        const plan = plPlan({ K: 1, d: 2, particles: 20 });
        const prior = plan.experts.prior as NigPrior;
        const curve = runParticleLearning(plan, train, undefined, {}).fittedCurve!;
        const s = sums();
        checkGrid(curve, s.x);

        // NIG posterior, prior beta | s2 ~ N(0, s2 scale I), s2 ~ IG(shape, rate).
        const p0 = 1 / prior.scale;
        const [i00, i01, i11] = inv2(p0 + s.n, s.sx, p0 + s.sxx);
        const m0 = i00 * s.sy + i01 * s.sxy;
        const m1 = i01 * s.sy + i11 * s.sxy;
        const an = prior.shape + s.n / 2;
        const bn = prior.rate + 0.5 * (s.syy - (m0 * s.sy + m1 * s.sxy));
        const nu = 2 * an;
        curve.x.forEach((xg, g) => {
            const z = (xg - s.mx.mean) / s.mx.sd;
            const mu = m0 + m1 * z;
            const scale = Math.sqrt((bn / an) * (1 + i00 + 2 * i01 * z + i11 * z * z));
            expect(Math.abs(curve.mean[g] - (s.my.mean + s.my.sd * mu))).toBeLessThan(1e-9 * s.my.sd);
            // The band's ends through the exact (incomplete-beta) t CDF: the table the engine uses is
            // accurate to 1e-9 in probability, so the ends' probabilities are 0.05 and 0.95 to 1e-8.
            const u = (v: number) => ((v - s.my.mean) / s.my.sd - mu) / scale;
            expect(Math.abs(studentTCdf(u(curve.lower[g]), nu) - 0.05)).toBeLessThan(1e-8);
            expect(Math.abs(studentTCdf(u(curve.upper[g]), nu) - 0.95)).toBeLessThan(1e-8);
        });
    });

    it('EM, one leaf: mean and 90% band are least squares with the ML variance, normal on the original scale', async () => {
        const train = await loadStream(spec);
        const plan: ExecutionPlan = {
            ...plPlan({ K: 1, d: 2 }),
            gate: {
                type: 'hierarchical',
                outer: { gate: 'softmax', branches: 1 },
                inner: { gate: 'softmax', branches: 1 }
            },
            inference: {
                algorithm: 'em',
                maxIterations: 50,
                tolerance: 1e-10,
                restarts: 1,
                initialization: 'flat-mixture',
                seed: 1
            }
        };
        const curve = runEm(plan, train, undefined, {}).fittedCurve!;
        const s = sums();
        checkGrid(curve, s.x);
        const [i00, i01, i11] = inv2(s.n, s.sx, s.sxx);
        const b0 = i00 * s.sy + i01 * s.sxy;
        const b1 = i01 * s.sy + i11 * s.sxy;
        const rss = s.syy - (b0 * s.sy + b1 * s.sxy);
        const sd = Math.sqrt(rss / s.n) * s.my.sd;
        const z95 = 1.6448536269514722; // Phi^-1(0.95)
        curve.x.forEach((xg, g) => {
            const mean = s.my.mean + s.my.sd * (b0 + (b1 * (xg - s.mx.mean)) / s.mx.sd);
            expect(Math.abs(curve.mean[g] - mean)).toBeLessThan(1e-8 * s.my.sd);
            expect(Math.abs(curve.lower[g] - (mean - z95 * sd))).toBeLessThan(1e-7 * sd);
            expect(Math.abs(curve.upper[g] - (mean + z95 * sd))).toBeLessThan(1e-7 * sd);
        });
    });
});

/** P(s2 <= v) for s2 ~ sum_c w_c IG(a_c, b_c), by Simpson's rule on the closed-form density in u = log s2. */
function inverseGammaCdfByQuadrature(w: number[], a: number[], b: number[], v: number): number {
    // In u = log s2 the density is w b^a / Gamma(a) exp(-a u - b e^-u): smooth, negligible below u = log(v) - 60/a.
    const f = (u: number) =>
        w.reduce(
            (acc, wc, c) =>
                acc + wc * Math.exp(a[c] * Math.log(b[c]) - logGamma(a[c]) - a[c] * u - b[c] * Math.exp(-u)),
            0
        );
    const hi = Math.log(v);
    const lo = Math.min(...a.map((ac, c) => Math.log(b[c] / ac) - 40 / Math.sqrt(ac) - 5));
    const steps = 20000;
    const h = (hi - lo) / steps;
    let sum = f(lo) + f(hi);
    for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * f(lo + i * h);
    return (sum * h) / 3;
}

describe('fitted curve, degenerate scales', () => {
    it("leaves the curve out with a warning, instead of failing the run, when the input's scale overflows", () => {
        // Inputs near 1e200: their squares overflow, so the standardisation's sd is infinite.
        const train: Dataset = {
            name: 'train',
            n: 3,
            d: 2,
            X: Float64Array.from([1, 0, 1, 0, 1, 0]),
            y: Float64Array.from([1, 2, 3]),
            columns: ['(intercept)', 'x1'],
            lines: new Int32Array(0),
            firstRow: 0,
            source: {
                kind: 'csv',
                path: '/x.csv',
                target: 'y',
                inputs: ['x1'],
                intercept: true,
                standardize: true,
                standardizeTarget: false
            },
            standardization: { inputs: ['x1'], mean: [1e200], sd: [Infinity] }
        };
        const warnings: string[] = [];
        expect(fittedCurve(train, () => new NormalMixture([1], [0], [1]), warnings)).toBeUndefined();
        expect(warnings).toEqual([
            expect.stringMatching(/^no fitted curve against 'x1': it would hold non-finite numbers/)
        ]);
    });
});

describe('noise variance interval', () => {
    it('particle learning, one expert: the 90% interval is the exact inverse-gamma posterior IG(a_n, b_n)', async () => {
        const train = await loadStream(spec);
        const plan = plPlan({ K: 1, d: 2, particles: 20 });
        const prior = plan.experts.prior as NigPrior;
        const expert = runParticleLearning(plan, train, undefined, {}).experts[0];
        const s = sums();
        const p0 = 1 / prior.scale;
        const [i00, i01, i11] = inv2(p0 + s.n, s.sx, p0 + s.sxx);
        const m0 = i00 * s.sy + i01 * s.sxy;
        const m1 = i01 * s.sy + i11 * s.sxy;
        const an = prior.shape + s.n / 2;
        const bn = prior.rate + 0.5 * (s.syy - (m0 * s.sy + m1 * s.sxy));
        const { lower, upper } = expert.noiseVarianceInterval!;
        expect(expert.noiseVariance).toBeCloseTo(bn / (an - 1), 10);
        // Simpson's rule with 20,000 steps on a smooth integrand: error far below 1e-7.
        expect(Math.abs(inverseGammaCdfByQuadrature([1], [an], [bn], lower) - 0.05)).toBeLessThan(1e-7);
        expect(Math.abs(inverseGammaCdfByQuadrature([1], [an], [bn], upper) - 0.95)).toBeLessThan(1e-7);
    });

    it('the mixture CDF (through the chi-square CDF) is the integral of its closed-form density', () => {
        const w = [0.3, 0.7];
        const a = [3.5, 40];
        const b = [2, 30];
        const mix = new InverseGammaMixture(w, a, b);
        for (const v of [0.3, 0.6, 0.8, 1.2, 3]) {
            expect(Math.abs(mix.cdf(v) - inverseGammaCdfByQuadrature(w, a, b, v))).toBeLessThan(1e-8);
        }
        expect(mix.mean).toBeCloseTo((0.3 * 2) / 2.5 + (0.7 * 30) / 39, 14);
    });
});
