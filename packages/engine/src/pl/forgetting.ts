import type { NigPrior } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import { choleskyPackedNoJitter } from '../linalg/cholesky.js';
import { logGamma } from '../special/log-gamma.js';
import type { ParticleLayout } from './particle-layout.js';
import type { StickPrior } from './stick-prior.js';

export interface ForgettingOptions {
    lambda: number;
    N: number;
    K: number;
    d: number;
    layout: ParticleLayout;
    state: Float64Array;
    /** The filter's expert-block ids (blocks with one id are bit-identical); read, never written. */
    componentId: Int32Array;
    /** Largest component id + 1 the filter can hand out. */
    ids: number;
    prior: NigPrior;
    /** Receives the Student-t constants by component id (length `ids`); the predictive kernel reads it. */
    tConstant: Float64Array;
    stickPrior: StickPrior;
    /** Jittered refactorisation C = chol(diag(prec) + P) of the stick at `so` (docs/method.md §6.3), for a failed plain one. */
    refactorWithJitter: (so: number, prec: Float64Array, t: number, j: number) => void;
}

/**
 * Exponential forgetting for a stream whose regime changes (a dynamic mixture of experts):
 * before observation t (t >= 1) the data part of every statistic is multiplied by lambda, so
 * after observation t an expert's precision is Lambda0 + sum_s lambda^(t-s) x_s x_s' over the
 * rows it was allocated, its X'y, y'y and count n likewise (a = a0 + n/2), and each stick's
 * Polya-Gamma statistics P_j, r_j are discounted the same way. The priors (Lambda0, m0, a0, b0;
 * the sticks' D^-1 and mean) are never discounted, so the posterior is never flatter than the
 * prior; the memory is about 1 / (1 - lambda) observations. Gate coefficient draws and horseshoe
 * scales are parameters, not statistics, and are left as they are.
 *
 * The Cholesky factors cannot be discounted exactly in place (lambda L L' + (1 - lambda) Lambda0
 * is not a rank-one change), so each discounted block is rebuilt from its raw statistics, which
 * the state keeps anyway (docs/method.md §1.2): L = chol(Lambda0 + S^xx), m = Lambda^-1 (Lambda0 m0 +
 * S^xy), b = b0 + (S^yy + m0' Lambda0 m0 - |L^-1 h|^2) / 2. That costs O(d^3) per distinct expert
 * block and per stick per observation instead of the O(d^2) of a rank-one step. Blocks sharing a
 * component id are rebuilt once and copied, so they stay bit-identical and keep their id.
 *
 * A discounted count n is no longer an integer, so the Student-t constant of the predictive is
 * computed per distinct block into `tConstant[id]` (read by the predictive kernel in place of the
 * table by count).
 */
export class Forgetting {
    readonly lambda: number;
    /** lgamma(a + 1/2) - lgamma(a) - log(pi)/2 of each distinct expert block, by component id. */
    readonly tConstant: Float64Array;
    private readonly doneAt: Int32Array;
    private readonly doneFrom: Int32Array;
    private readonly A: Float64Array;
    private readonly v: Float64Array;
    private readonly prec: Float64Array;
    private readonly priorPrecision: number;
    private readonly priorQuadratic: number;

    constructor(private readonly o: ForgettingOptions) {
        if (!(o.lambda > 0 && o.lambda <= 1))
            throw new RangeError(`forgetting factor must be in (0, 1], got ${o.lambda}`);
        this.lambda = o.lambda;
        this.tConstant = o.tConstant;
        this.doneAt = new Int32Array(o.ids).fill(-1);
        this.doneFrom = new Int32Array(o.ids);
        this.A = new Float64Array(o.layout.T);
        this.v = new Float64Array(o.d);
        this.prec = new Float64Array(o.d);
        this.priorPrecision = 1 / o.prior.scale;
        let q = 0;
        for (const m of o.prior.mean) q += m * m;
        this.priorQuadratic = q * this.priorPrecision;
    }

    /**
     * Discount every particle's experts and sticks before observation t, and fill `tConstant` for
     * the ids in use. At t = 0 there is nothing to discount; only the constants are computed.
     */
    discount(t: number): void {
        const { N, K, layout: lay, state, componentId } = this.o;
        const es = lay.expertStride;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            for (let k = 0; k < K; k++) {
                const id = componentId[i * K + k];
                const eo = base + k * es;
                if (this.doneAt[id] === t) {
                    const from = this.doneFrom[id];
                    state.copyWithin(eo, from, from + es);
                    continue;
                }
                if (t > 0) this.discountExpert(eo, t);
                this.tConstant[id] = this.studentTConstant(state[eo + lay.nig.n]);
                this.doneAt[id] = t;
                this.doneFrom[id] = eo;
            }
            if (t > 0) for (let j = 0; j < K - 1; j++) this.discountStick(base, j, t);
        }
    }

    private studentTConstant(n: number): number {
        const a = this.o.prior.shape + 0.5 * n;
        return logGamma(a + 0.5) - logGamma(a) - 0.5 * Math.log(Math.PI);
    }

    /** Discount the raw statistics of the Gaussian expert block at `eo` and rebuild L, m, b from them. */
    private discountExpert(eo: number, t: number): void {
        const { d, state, prior } = this.o;
        const lambda = this.lambda;
        const nl = this.o.layout.nig;
        const { A, v } = this;
        const T = nl.T;
        for (let p = 0; p < T; p++) {
            const s = state[eo + nl.sxx + p] * lambda;
            state[eo + nl.sxx + p] = s;
            A[p] = s;
        }
        for (let r = 0; r < d; r++) {
            state[eo + nl.sxy + r] *= lambda;
            A[(r * (r + 3)) >> 1] += this.priorPrecision;
        }
        const syy = (state[eo + nl.syy] *= lambda);
        state[eo + nl.n] *= lambda;
        const Lo = eo + nl.L;
        // Lambda0 + S^xx with Lambda0 = I / scale is positive definite: a failure means non-finite statistics.
        if (!choleskyPackedNoJitter(A, 0, state, Lo, d)) throw new NumericalError('discounted expert precision', t);
        // v = L^-1 h, h = Lambda0 m0 + S^xy; m = L^-T v; h' Lambda^-1 h = |v|^2.
        let vv = 0;
        for (let r = 0; r < d; r++) {
            const ro = Lo + ((r * (r + 1)) >> 1);
            let s = this.priorPrecision * prior.mean[r] + state[eo + nl.sxy + r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * v[c];
            v[r] = s / state[ro + r];
            vv += v[r] * v[r];
        }
        for (let r = d - 1; r >= 0; r--) {
            let s = v[r];
            for (let c = r + 1; c < d; c++) s -= state[Lo + ((c * (c + 1)) >> 1) + r] * state[eo + nl.m + c];
            state[eo + nl.m + r] = s / state[Lo + ((r * (r + 3)) >> 1)];
        }
        for (let r = 0; r < d; r++) state[eo + nl.dinv + r] = 1 / state[Lo + ((r * (r + 3)) >> 1)];
        const b = prior.rate + 0.5 * (syy + this.priorQuadratic - vv);
        if (!(b > 0 && b < Infinity)) throw new NumericalError('expert noise scale b', t, 'after discounting');
        state[eo + nl.b] = b;
    }

    /** Discount P_j and r_j of stick j in the particle at `base` and refactorise C_j = chol(D_j^-1 + P_j). */
    private discountStick(base: number, j: number, t: number): void {
        const { d, layout: lay, state } = this.o;
        const lambda = this.lambda;
        const { A, prec } = this;
        const so = base + lay.sticksOff + j * lay.stickStride;
        for (let p = 0; p < lay.T; p++) {
            const s = state[so + lay.stickP + p] * lambda;
            state[so + lay.stickP + p] = s;
            A[p] = s;
        }
        for (let c = 0; c < d; c++) state[so + lay.stickR + c] *= lambda;
        this.o.stickPrior.fill(state, base + lay.lambda2Off, base + lay.tauOff, j, prec);
        for (let c = 0; c < d; c++) A[(c * (c + 3)) >> 1] += prec[c];
        if (!choleskyPackedNoJitter(A, 0, state, so + lay.stickC, d)) this.o.refactorWithJitter(so, prec, t, j);
    }
}
