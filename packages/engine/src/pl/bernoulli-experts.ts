import type { BernoulliExpertsSpec } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { PolyaGammaSampler } from '../polya-gamma/devroye.js';
import { choleskyRankOneUpdate } from '../linalg/rank-one-update.js';
import type { FastVariates } from './fast-variates.js';
import type { ParticleLayout } from './particle-layout.js';
import { stickDrawKernel, type StickDrawKernel } from './kernels/stick-draw.js';

/**
 * The Bernoulli expert family of the particle filter (docs/method.md §1.6): each particle carries a
 * draw of beta and the Polya-Gamma pseudo-data (P, r) with the factor C of c^-1 I + P. The
 * block has the layout of a stick block, so beta is redrawn by the sticks' draw kernel.
 */
export class BernoulliExperts {
    private readonly priorPrecision: number;
    private readonly priorMean: Float64Array;
    /** The prior precision 1/c of each coordinate, as the draw kernel takes it. */
    private readonly prec: Float64Array;
    private readonly v: Float64Array;
    private readonly eps: Float64Array;
    private readonly draw: StickDrawKernel;

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
        this.prec = new Float64Array(d).fill(this.priorPrecision);
        this.v = new Float64Array(d);
        this.eps = new Float64Array(d);
        this.draw = stickDrawKernel(d);
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
        const { d, state, v } = this;
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
        // beta ~ N(Lambda^-1 h, Lambda^-1), Lambda = C C', h = mu0/c + r (docs/method.md §6.4).
        this.rngGibbs.fillNormal(this.eps, 0, d);
        if (this.draw(state, eo, this.prec, this.priorMean, this.eps, 0) !== 1)
            throw new NumericalError('Bernoulli expert coefficient', t);
    }
}
