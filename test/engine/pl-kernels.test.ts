import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { nigLayout } from '../../packages/engine/src/experts/nig-expert.js';
import { unrolledStickRedraw, genericStickRedraw } from '../../packages/engine/src/pl/kernels/stick-redraw.js';
import { unrolledStickDraw, genericStickDraw } from '../../packages/engine/src/pl/kernels/stick-draw.js';
import { unrolledStickVisit, genericStickVisit } from '../../packages/engine/src/pl/kernels/stick-visit.js';
import { unrolledNigPredictive, genericNigPredictive } from '../../packages/engine/src/pl/kernels/nig-predictive.js';
import { unrolledNigUpdate, genericNigUpdate } from '../../packages/engine/src/pl/kernels/nig-update.js';
import {
    unrolledGateProbabilitiesRows,
    genericGateProbabilitiesRows
} from '../../packages/engine/src/pl/kernels/gate-probabilities-rows.js';
import { unrolledGateProbabilities } from '../../packages/engine/src/pl/kernels/gate-probabilities.js';
import {
    unrolledLocateComponents,
    genericLocateComponents
} from '../../packages/engine/src/pl/kernels/locate-components.js';
import {
    unrolledGateLogWeights,
    genericGateLogWeights
} from '../../packages/engine/src/pl/kernels/gate-log-weights.js';

/**
 * The straight-line kernels must compute exactly what the generic loops compute (the filter's
 * same-seed-same-numbers guarantee does not depend on d): every output array and return value is
 * compared bit for bit (Object.is, so -0 and NaN count) on random, valid inputs for several d.
 * The generic loops themselves are checked against closed forms through the filter (exact K = 1
 * evidence, exact-evidence oracle) and here against the defining identities.
 */
const DIMS = [1, 2, 3, 6, 9];
const packed = (r: number, c: number) => ((r * (r + 1)) >> 1) + c;

function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], b[i])) expect.fail(`${what}[${i}]: ${a[i]} (unrolled) vs ${b[i]} (generic)`);
    }
}

/** A packed lower-triangular factor with positive diagonal at `off`. */
function fillFactor(rng: Rng, s: Float64Array, off: number, d: number): void {
    for (let r = 0; r < d; r++) {
        for (let c = 0; c < r; c++) s[off + packed(r, c)] = 0.3 * rng.normal();
        s[off + packed(r, r)] = 0.5 + rng.uniform();
    }
}

/** A packed symmetric positive semi-definite matrix A A' (A d x 2) at `off`. */
function fillGram(rng: Rng, s: Float64Array, off: number, d: number): void {
    const a = Array.from({ length: 2 * d }, () => rng.normal());
    for (let r = 0; r < d; r++)
        for (let c = 0; c <= r; c++) s[off + packed(r, c)] = a[2 * r] * a[2 * c] + a[2 * r + 1] * a[2 * c + 1];
}

function stickBlock(rng: Rng, d: number): Float64Array {
    const T = (d * (d + 1)) / 2;
    const s = new Float64Array(3 + 2 * T + 2 * d);
    const so = 3;
    fillGram(rng, s, so, d);
    fillFactor(rng, s, so + T, d);
    for (let c = 0; c < d; c++) {
        s[so + 2 * T + c] = rng.normal();
        s[so + 2 * T + d + c] = rng.normal();
    }
    return s;
}

function vector(rng: Rng, n: number, shift = 0): Float64Array {
    return Float64Array.from({ length: n }, () => shift + rng.normal());
}

describe('straight-line kernels against the generic loops', () => {
    for (const d of DIMS) {
        it(`stick refactorise-and-draw, d = ${d}, and C C' = diag(prec) + P`, () => {
            const rng = Rng.stream(d, 'kernels/redraw');
            for (let rep = 0; rep < 20; rep++) {
                const a = stickBlock(rng, d);
                const b = a.slice();
                const P = a.slice();
                const prec = Float64Array.from({ length: d }, () => 0.1 + rng.uniform());
                const mu = vector(rng, 2 * d);
                const eps = vector(rng, 2 * d);
                const ra = unrolledStickRedraw(d)(a, 3, prec, mu, eps, d);
                const rb = genericStickRedraw(d)(b, 3, prec, mu, eps, d);
                expect(ra).toBe(1);
                expect(rb).toBe(ra);
                expectSameBits(a, b, 'state');
                const T = (d * (d + 1)) / 2;
                for (let r = 0; r < d; r++) {
                    for (let c = 0; c <= r; c++) {
                        let cc = 0;
                        for (let k = 0; k <= c; k++) cc += a[3 + T + packed(r, k)] * a[3 + T + packed(c, k)];
                        const want = P[3 + packed(r, c)] + (r === c ? prec[r] : 0);
                        expect(Math.abs(cc - want)).toBeLessThan(1e-12 * (1 + Math.abs(want)));
                    }
                }
            }
        });

        it(`stick refactorise-and-draw reports a non-positive pivot, d = ${d}`, () => {
            const rng = Rng.stream(d, 'kernels/pivot');
            const a = stickBlock(rng, d);
            a[3 + packed(d - 1, d - 1)] = -10;
            const b = a.slice();
            const prec = new Float64Array(d).fill(1);
            const mu = vector(rng, d);
            const eps = vector(rng, d);
            expect(unrolledStickRedraw(d)(a, 3, prec, mu, eps, 0)).toBe(0);
            expect(genericStickRedraw(d)(b, 3, prec, mu, eps, 0)).toBe(0);
        });

        it(`stick draw from its factor, d = ${d}`, () => {
            const rng = Rng.stream(d, 'kernels/draw');
            for (let rep = 0; rep < 20; rep++) {
                const a = stickBlock(rng, d);
                const b = a.slice();
                const prec = Float64Array.from({ length: d }, () => 0.1 + rng.uniform());
                const mu = vector(rng, d);
                const eps = vector(rng, d);
                expect(unrolledStickDraw(d)(a, 3, prec, mu, eps, 0)).toBe(1);
                expect(genericStickDraw(d)(b, 3, prec, mu, eps, 0)).toBe(1);
                expectSameBits(a, b, 'state');
            }
        });

        it(`stick visit (Polya-Gamma pseudo-data and rank-one update), d = ${d}`, () => {
            const rng = Rng.stream(d, 'kernels/visit');
            for (let rep = 0; rep < 20; rep++) {
                const a = stickBlock(rng, d);
                const b = a.slice();
                const X = vector(rng, 3 * d);
                const omegas = Float64Array.of(0.3, 0.05 + rng.uniform());
                const update = rep % 3 !== 0;
                unrolledStickVisit(d)(a, 3, X, d, omegas, 1, rep % 2 === 1, update);
                genericStickVisit(d)(b, 3, X, d, omegas, 1, rep % 2 === 1, update);
                expectSameBits(a, b, 'state');
            }
        });

        it(`NIG predictive and update, d = ${d}`, () => {
            const rng = Rng.stream(d, 'kernels/nig');
            const nl = nigLayout(d);
            const tTable = vector(rng, 40);
            for (let rep = 0; rep < 20; rep++) {
                const a = new Float64Array(nl.size + 5);
                const eo = 5;
                fillFactor(rng, a, eo + nl.L, d);
                for (let r = 0; r < d; r++) {
                    a[eo + nl.dinv + r] = 1 / a[eo + nl.L + packed(r, r)];
                    a[eo + nl.m + r] = rng.normal();
                    a[eo + nl.sxy + r] = rng.normal();
                }
                fillGram(rng, a, eo + nl.sxx, d);
                a[eo + nl.b] = 0.5 + rng.uniform();
                a[eo + nl.n] = rep;
                a[eo + nl.syy] = 3;
                const b = a.slice();
                const X = vector(rng, 2 * d);
                const y = 2 * rng.normal();
                const out = new Float64Array(4);
                const ya = Float64Array.of(y, 1.5);
                unrolledNigPredictive(d)(a, eo, X, d, ya, tTable, out, 1);
                genericNigPredictive(d)(b, eo, X, d, ya, tTable, out, 2);
                const pa = out[1];
                const pb = out[2];
                expect(Number.isFinite(pa)).toBe(true);
                expect(Object.is(pa, pb)).toBe(true);
                expect(unrolledNigUpdate(d)(a, eo, X, d, ya, 0)).toBe(1);
                expect(genericNigUpdate(d)(b, eo, X, d, ya, 0)).toBe(1);
                expectSameBits(a, b, 'state');
            }
        });

        it(`gate log weights, d = ${d}, sum to one in probability`, () => {
            const rng = Rng.stream(d, 'kernels/gate');
            const at = { sticks: 4, sticksOff: 2, stickStride: d + 3, stickPhi: 1 };
            for (let rep = 0; rep < 20; rep++) {
                // Include extreme coefficients so that both branches of the stable log-sigmoid run.
                const state = Float64Array.from(
                    { length: 2 + 4 * (d + 3) },
                    () => (rep % 4 === 0 ? 200 : 2) * rng.normal()
                );
                const X = vector(rng, 2 * d);
                const psiA = new Float64Array(6);
                const psiB = new Float64Array(6);
                const lpA = new Float64Array(7);
                const lpB = new Float64Array(7);
                unrolledGateLogWeights(d, at)(state, 0, X, d, psiA, 1, lpA, 2);
                genericGateLogWeights(d, at)(state, 0, X, d, psiB, 1, lpB, 2);
                expectSameBits(psiA, psiB, 'psi');
                expectSameBits(lpA, lpB, 'log pi');
                let total = 0;
                for (let k = 0; k < 5; k++) total += Math.exp(lpA[2 + k]);
                expect(Math.abs(total - 1)).toBeLessThan(1e-12);
            }
        });

        it(`gate probabilities over a block of rows, d = ${d}, as the one-row kernel row by row`, () => {
            const rng = Rng.stream(d, 'kernels/gate-rows');
            const sticks = 4;
            const rows = 5;
            for (let rep = 0; rep < 8; rep++) {
                // Extreme coefficients too, so that psi reaches the -700 clamp.
                const phi = Float64Array.from(
                    { length: 3 + sticks * d },
                    () => (rep % 4 === 0 ? 400 : 2) * rng.normal()
                );
                const X = vector(rng, (rows + 1) * d);
                const a = new Float64Array(rows * (sticks + 1));
                const b = new Float64Array(rows * (sticks + 1));
                unrolledGateProbabilitiesRows(d, sticks)(phi, 3, X, d, rows, a);
                genericGateProbabilitiesRows(d, sticks)(phi, 3, X, d, rows, b);
                expectSameBits(a, b, 'pi');
                const one = unrolledGateProbabilities(d, { sticks, sticksOff: 3, stickStride: d, stickPhi: 0 });
                const row = new Float64Array(rows * (sticks + 1));
                const psi = new Float64Array(sticks);
                for (let r = 0; r < rows; r++) one(phi, 0, X, (r + 1) * d, psi, 0, row, r * (sticks + 1));
                expectSameBits(a, row, 'pi against the one-row kernel');
            }
        });

        it(`held-out component locations, d = ${d}, and s2 = b (1 + x' (L L')^-1 x) / a`, () => {
            const rng = Rng.stream(d, 'kernels/locate');
            const T = packed(d, 0);
            const stride = T + 2 * d + 1;
            const G = 7;
            const blocks = new Float64Array(G * stride);
            for (let c = 0; c < G; c++) {
                const o = c * stride;
                fillFactor(rng, blocks, o, d);
                for (let r = 0; r < d; r++) {
                    blocks[o + T + r] = rng.normal();
                    blocks[o + T + d + 1 + r] = 1 / blocks[o + packed(r, r)];
                }
                blocks[o + T + d] = 0.5 + rng.uniform();
            }
            const ca = vector(rng, G, 5);
            // Component 3 is not weighed: left as it was.
            const cw = Float64Array.from({ length: G }, (_, c) => (c === 3 ? 0 : 1 + c));
            const X = vector(rng, 2 * d);
            const out = () => [new Float64Array(G).fill(-1), new Float64Array(G).fill(-1)];
            const [muA, s2A] = out();
            const [muB, s2B] = out();
            unrolledLocateComponents(d)(blocks, ca, cw, G, X, d, muA, s2A);
            genericLocateComponents(d)(blocks, ca, cw, G, X, d, muB, s2B);
            expectSameBits(muA, muB, 'mu');
            expectSameBits(s2A, s2B, 's2');
            expect(muA[3]).toBe(-1);
            for (let c = 0; c < G; c++) {
                if (c === 3) continue;
                const o = c * stride;
                // v = L^-1 x by substitution with the plain diagonal, independently of the kernels.
                const v: number[] = [];
                let q = 0;
                let mu = 0;
                for (let r = 0; r < d; r++) {
                    let s = X[d + r];
                    for (let k = 0; k < r; k++) s -= blocks[o + packed(r, k)] * v[k];
                    v.push(s / blocks[o + packed(r, r)]);
                    q += v[r] ** 2;
                    mu += X[d + r] * blocks[o + T + r];
                }
                expect(Math.abs(muA[c] - mu)).toBeLessThan(1e-12 * (1 + Math.abs(mu)));
                expect(Math.abs(s2A[c] - (blocks[o + T + d] * (1 + q)) / ca[c])).toBeLessThan(1e-12 * s2A[c]);
            }
        });
    }
});
