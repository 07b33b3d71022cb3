import { NumericalError } from '../errors.js';
import type { NigPrior } from '../plan/types.js';
import type { NigLayout } from '../experts/nig-expert.js';
import { nigUpdate } from '../experts/nig-expert.js';
import { forwardSolvePacked, backSolvePackedTranspose } from '../linalg/triangular.js';
import { choleskyPackedNoJitter } from '../linalg/cholesky.js';
import type { PolyaGammaSampler } from '../polya-gamma/devroye.js';
import type { FastVariates } from './fast-variates.js';
import type { ParticleLayout } from './particle-layout.js';
import type { GateLogWeightsKernel } from './kernels/gate-log-weights.js';
import type { StickVisitKernel } from './kernels/stick-visit.js';

/** What the move needs of the filter: its state, kernels and the full gate refresh. */
export interface MoveContext {
    readonly K: number;
    readonly d: number;
    readonly layout: ParticleLayout;
    readonly state: Float64Array;
    readonly prior: NigPrior;
    /** Student-t constants by count (experts/nig-expert.ts studentTConstantTable). */
    readonly tTable: Float64Array;
    readonly gateLogWeights: GateLogWeightsKernel;
    readonly stickVisit: StickVisitKernel;
    readonly uniforms: FastVariates;
    readonly pg: PolyaGammaSampler;
    /** Redraw every stick from C = chol(D^-1 + P) and, under a horseshoe, sweep the scales. */
    refreshGate(base: number, t: number): void;
}

/**
 * The move of resample-move particle learning (Gilks & Berzuini 2001): a Gibbs sweep for one
 * particle, at time T, over everything its sufficient statistics summarise, leaving the
 * posterior p(z_1:T, omega, phi, lambda, tau | y_1:T) invariant. It undoes what particle
 * learning cannot: an early wrong allocation frozen into every descendant's statistics
 * (Chopin et al. 2010, discussion of Carvalho, Johannes, Lopes & Polson).
 *
 *  1. for s = 1..T, z_s ~ p(z_s | z_-s, phi, y): pi_k(x_s; phi) times expert k's Student-t
 *     predictive of y_s given its other rows (experts integrated out, docs/method.md §1.2; the
 *     Polya-Gamma variables integrated out too, so the logistic gate enters exactly);
 *  2. omega_sj ~ PG(1, x_s'phi_j) for the sticks at risk under the new allocation, and the
 *     pseudo-data P_j, r_j rebuilt from them (§1.5): (z, omega) | phi is one exact block;
 *  3. phi | omega, z and the horseshoe scales | phi (the filter's full gate refresh).
 *
 * Leave-one-out predictive of a row on the expert that holds it, from that expert's block
 * alone (Sherman-Morrison): with q = x'Lambda^-1 x and r = y - x'm on the block with the row,
 * the block without it has b- = b - r^2/(2(1-q)), m- = m - Lambda^-1 x r/(1-q), a- = a - 1/2,
 * its residual is e = r/(1-q) and 1 + q- = 1/(1-q). Removing the row applies the same m- and
 * b- and refactorises L from the raw statistics; adding a row is the filter's rank-one update.
 *
 * Gaussian experts only (Bernoulli experts carry a coefficient draw, not integrable statistics).
 */
export class AllocationMove {
    private readonly logp: Float64Array;
    private readonly psi: Float64Array;
    private readonly omegas: Float64Array;
    private readonly v: Float64Array;
    private readonly w: Float64Array;

    constructor(private readonly ctx: MoveContext) {
        const { K, d } = ctx;
        this.logp = new Float64Array(K);
        this.psi = new Float64Array(Math.max(K - 1, 1));
        this.omegas = new Float64Array(Math.max(K - 1, 1));
        this.v = new Float64Array(d);
        this.w = new Float64Array(d);
    }

    /**
     * Move the particle at `base` whose allocations of rows 0..T-1 are `z` (updated in place).
     * Its path usage becomes the sum over rows of the sweep's allocation probabilities.
     */
    apply(base: number, z: Uint16Array, zOff: number, T: number, X: Float64Array, y: Float64Array): void {
        const { K, d, layout: lay, state } = this.ctx;
        const es = lay.expertStride;
        const logp = this.logp;
        const usage = base + lay.usageOff;
        for (let k = 0; k < K; k++) state[usage + k] = 0;
        for (let s = 0; s < T; s++) {
            const xOff = s * d;
            const ys = y[s];
            const current = z[zOff + s];
            if (K > 1) this.ctx.gateLogWeights(state, base, X, xOff, this.psi, 0, logp, 0);
            else logp[0] = 0;
            let max = -Infinity;
            for (let k = 0; k < K; k++) {
                logp[k] += this.logPredictive(base + k * es, X, xOff, ys, k === current);
                if (logp[k] > max) max = logp[k];
            }
            let sum = 0;
            for (let k = 0; k < K; k++) {
                logp[k] = Math.exp(logp[k] - max);
                sum += logp[k];
            }
            if (!(sum > 0 && sum < Infinity)) throw new NumericalError('allocation probabilities of the move', s);
            const u = this.ctx.uniforms.uniform() * sum;
            let next = K - 1;
            let cum = 0;
            for (let k = 0; k < K; k++) {
                cum += logp[k];
                if (u <= cum) {
                    next = k;
                    break;
                }
            }
            for (let k = 0; k < K; k++) state[usage + k] += logp[k] / sum;
            if (next !== current) {
                this.remove(base + current * es, X, xOff, ys, s);
                nigUpdate(state, base + next * es, lay.nig, X, xOff, ys, this.v, this.w);
                z[zOff + s] = next;
            }
        }
        this.rebuildPseudoData(base, z, zOff, T, X);
        this.ctx.refreshGate(base, T - 1);
    }

    /** v = L^-1 x for the block at `eo`; sets `q` = x'Lambda^-1 x and `mu` = x'm. */
    private q = 0;
    private mu = 0;
    private project(eo: number, X: Float64Array, xOff: number): void {
        const { d, state, layout } = this.ctx;
        const nl = layout.nig;
        forwardSolvePacked(state, eo + nl.L, d, X, xOff, this.v, 0);
        let q = 0;
        let mu = 0;
        for (let c = 0; c < d; c++) {
            q += this.v[c] * this.v[c];
            mu += X[xOff + c] * state[eo + nl.m + c];
        }
        this.q = q;
        this.mu = mu;
    }

    /** log p(y | x, the expert's rows), leaving the row itself out when the block holds it (`holds`). */
    private logPredictive(eo: number, X: Float64Array, xOff: number, y: number, holds: boolean): number {
        const { state, layout, prior, tTable } = this.ctx;
        const nl = layout.nig;
        this.project(eo, X, xOff);
        const q = this.q;
        const mu = this.mu;
        let n = state[eo + nl.n];
        let b = state[eo + nl.b];
        let e = y - mu;
        let onePlusQ = 1 + q;
        if (holds) {
            const oneMinusQ = 1 - q;
            b -= (e * e) / (2 * oneMinusQ);
            e /= oneMinusQ;
            onePlusQ = 1 / oneMinusQ;
            n -= 1;
        }
        const a = prior.shape + 0.5 * n;
        const h = 2 * b * onePlusQ;
        return tTable[n | 0] + a * Math.log(h) - (a + 0.5) * Math.log(h + e * e);
    }

    /** Take row (x, y) out of the expert block at `eo` (see the class comment). */
    private remove(eo: number, X: Float64Array, xOff: number, y: number, s: number): void {
        const { d, state, layout, prior } = this.ctx;
        const nl: NigLayout = layout.nig;
        const { v, w } = this;
        this.project(eo, X, xOff);
        const q = this.q;
        const mu = this.mu;
        backSolvePackedTranspose(state, eo + nl.L, d, v, 0, w, 0); // Lambda^-1 x
        const r = y - mu;
        const g = r / (1 - q);
        for (let c = 0; c < d; c++) state[eo + nl.m + c] -= w[c] * g;
        state[eo + nl.b] -= 0.5 * r * g;
        state[eo + nl.n] -= 1;
        for (let i = 0; i < d; i++) {
            const xi = X[xOff + i];
            const ro = eo + nl.sxx + ((i * (i + 1)) >> 1);
            for (let j = 0; j <= i; j++) state[ro + j] -= xi * X[xOff + j];
            state[eo + nl.sxy + i] -= xi * y;
        }
        state[eo + nl.syy] -= y * y;
        // L = chol(V0^-1 + S^xx): refactorised, since a rank-one downdate can lose definiteness.
        if (
            !choleskyPackedNoJitter(state, eo + nl.sxx, state, eo + nl.L, d, 1 / prior.scale) ||
            !(state[eo + nl.b] > 0)
        ) {
            throw new NumericalError('expert statistics after removing a row in the move', s);
        }
        for (let c = 0; c < d; c++) state[eo + nl.dinv + c] = 1 / state[eo + nl.L + ((c * (c + 3)) >> 1)];
    }

    /** P_j = sum omega x x', r_j = sum kappa x over the rows at risk of stick j, with fresh omega ~ PG(1, x'phi_j). */
    private rebuildPseudoData(base: number, z: Uint16Array, zOff: number, T: number, X: Float64Array): void {
        const { K, d, layout: lay, state } = this.ctx;
        const sticks = K - 1;
        if (sticks < 1) return;
        for (let j = 0; j < sticks; j++) {
            const so = base + lay.sticksOff + j * lay.stickStride;
            state.fill(0, so + lay.stickP, so + lay.stickP + lay.T);
            state.fill(0, so + lay.stickR, so + lay.stickR + d);
        }
        for (let s = 0; s < T; s++) {
            const zs = z[zOff + s];
            const last = zs < sticks ? zs : sticks - 1;
            const xOff = s * d;
            for (let j = 0; j <= last; j++) {
                const po = base + lay.sticksOff + j * lay.stickStride + lay.stickPhi;
                let p = 0;
                for (let c = 0; c < d; c++) p += X[xOff + c] * state[po + c];
                this.psi[j] = p;
            }
            this.ctx.pg.drawOnes(this.psi, 0, last + 1, this.omegas);
            for (let j = 0; j <= last; j++) {
                if (!(this.omegas[j] >= 0 && this.omegas[j] < Infinity))
                    throw new NumericalError('Polya-Gamma draw in the move', s, `stick ${j + 1}`);
                this.ctx.stickVisit(
                    state,
                    base + lay.sticksOff + j * lay.stickStride,
                    X,
                    xOff,
                    this.omegas,
                    j,
                    j === zs,
                    false
                );
            }
        }
    }
}
