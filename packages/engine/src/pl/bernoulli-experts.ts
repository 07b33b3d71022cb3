import type { BernoulliExpertsSpec } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { PolyaGammaSampler } from '../polya-gamma/devroye.js';
import { choleskyRankOneUpdate } from '../linalg/rank-one-update.js';
import type { FastVariates } from './fast-variates.js';
import type { ParticleLayout } from './particle-layout.js';

/**
 * The Bernoulli expert family of the particle filter (method.md §1.6): each particle carries a
 * draw of beta and the Polya-Gamma pseudo-data (P, r) with the factor C of c^-1 I + P.
 */
export class BernoulliExperts {
    private readonly priorPrecision: number;
    private readonly priorMean: Float64Array;
    private readonly v: Float64Array;
    private readonly w: Float64Array;
    private readonly u: Float64Array;
    private readonly eps: Float64Array;

    constructor(
        private readonly d: number,
        prior: BernoulliExpertsSpec['prior'],
        private readonly layout: ParticleLayout,
        private readonly state: Float64Array,
        private readonly pg: PolyaGammaSampler,
        private readonly rngGibbs: FastVariates
    ) {
        this.priorPrecision = 1 / prior.variance;
        this.priorMean = Float64Array.from(prior.mean);
        this.v = new Float64Array(d);
        this.w = new Float64Array(d);
        this.u = new Float64Array(d);
        this.eps = new Float64Array(d);
    }

    /** Expert block at `eo` at the prior, with beta drawn from it. */
    init(eo: number, rng: Rng): void {
        const { d, state } = this;
        const bl = this.layout.bernoulli;
        const sd = 1 / Math.sqrt(this.priorPrecision);
        for (let c = 0; c < d; c++) {
            state[eo + bl.C + ((c * (c + 3)) >> 1)] = 1 / sd;
            state[eo + bl.beta + c] = this.priorMean[c] + sd * rng.normal();
        }
    }

    /** Bernoulli log likelihood under each expert's current draw, added to zProb[lp + k]. */
    addLogPredictives(base: number, lp: number, X: Float64Array, xOff: number, y: number, zProb: Float64Array): void {
        const { d, state } = this;
        const lay = this.layout;
        for (let k = 0; k < lay.K; k++) {
            const eo = base + k * lay.expertStride + lay.bernoulli.beta;
            let eta = 0;
            for (let c = 0; c < d; c++) eta += X[xOff + c] * state[eo + c];
            const u = y > 0.5 ? eta : -eta;
            zProb[lp + k] += -((u < 0 ? -u : 0) + Math.log1p(Math.exp(-Math.abs(u))));
        }
    }

    /** PG update of the expert at `eo` and redraw of its coefficients. */
    update(eo: number, X: Float64Array, xOff: number, y: number, t: number): void {
        const { d, state, v, w, u } = this;
        const bl = this.layout.bernoulli;
        let eta = 0;
        for (let c = 0; c < d; c++) eta += X[xOff + c] * state[eo + bl.beta + c];
        const omega = this.pg.draw1(eta);
        if (!(omega >= 0 && omega < Infinity)) throw new NumericalError('Polya-Gamma draw', t, 'Bernoulli expert');
        const sq = Math.sqrt(omega);
        const kappa = (y > 0.5 ? 1 : 0) - 0.5;
        for (let r = 0; r < d; r++) {
            const xr = X[xOff + r];
            const pr = eo + bl.P + ((r * (r + 1)) >> 1);
            for (let c = 0; c <= r; c++) state[pr + c] += omega * xr * X[xOff + c];
            state[eo + bl.r + r] += kappa * xr;
            v[r] = sq * xr;
        }
        state[eo + bl.n] += 1;
        choleskyRankOneUpdate(state, eo + bl.C, d, v, 0);
        // beta ~ N(Lambda^-1 h, Lambda^-1), Lambda = C C', h = r + mu0/c: beta = C^-T (C^-1 h + eps).
        for (let c = 0; c < d; c++) u[c] = state[eo + bl.r + c] + this.priorPrecision * this.priorMean[c];
        this.gaussianDraw(eo + bl.C, u, w);
        for (let c = 0; c < d; c++) {
            if (!Number.isFinite(w[c])) throw new NumericalError('Bernoulli expert coefficient', t);
            state[eo + bl.beta + c] = w[c];
        }
    }

    /** out = C^-T (C^-1 h + eps), eps ~ N(0, I): a draw from N(Lambda^-1 h, Lambda^-1), Lambda = C C' (method.md §6.4). h is overwritten. */
    private gaussianDraw(Co: number, h: Float64Array, out: Float64Array): void {
        const { d, state } = this;
        for (let r = 0; r < d; r++) {
            const ro = Co + ((r * (r + 1)) >> 1);
            let s = h[r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * h[c];
            h[r] = s / state[ro + r];
        }
        const eps = this.eps;
        this.rngGibbs.fillNormal(eps, 0, d);
        for (let r = 0; r < d; r++) h[r] += eps[r];
        for (let r = d - 1; r >= 0; r--) {
            let s = h[r];
            for (let c = r + 1; c < d; c++) s -= state[Co + ((c * (c + 1)) >> 1) + r] * out[c];
            out[r] = s / state[Co + ((r * (r + 3)) >> 1)];
        }
    }
}
