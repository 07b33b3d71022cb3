import { logBeta } from '../special/log-gamma.js';
import { studentTCdf } from '../special/student-t.js';
import type { ParticleLayout } from './particle-layout.js';
import type { GateProbabilitiesKernel } from './kernels/gate-probabilities.js';

export interface PrequentialOptions {
    N: number;
    K: number;
    d: number;
    layout: ParticleLayout;
    state: Float64Array;
    /** The filter's expert-block ids (blocks with one id are bit-identical). */
    componentId: Int32Array;
    ids: number;
    a0: number;
    observations: number;
    gateProbabilities: GateProbabilitiesKernel;
}

/**
 * The probability integral transform of each observation under the filter's one-step-ahead
 * predictive, u_t = P(Y_t <= y_t | x_t, y_1:t-1) = sum_i W_i sum_k pi_k(x_t; phi_i) F_ik(y_t),
 * F_ik the Student-t CDF of expert k of particle i (docs/method.md §1.2), W the weights before y_t is
 * seen. The central level-alpha predictive interval contains y_t iff |u_t - 1/2| <= alpha / 2,
 * so coverage over time needs no quantiles (no root finding). Gaussian experts only: a 0/1
 * outcome has no continuous PIT. Costs one gate evaluation per particle and one Student-t CDF
 * per distinct expert block per observation.
 */
export class PrequentialTrace {
    /** u_t for every observation (NaN until observed). */
    readonly pit: Float64Array;
    /** log p(y_t | y_1:t-1) of every observation, the filter's evidence increment (NaN until scored). */
    readonly logScores: Float64Array;
    private readonly gate: Float64Array;
    private readonly psi: Float64Array;
    private readonly v: Float64Array;
    private readonly stamp: Int32Array;
    private readonly cdf: Float64Array;
    /** log B(a, 1/2) by integer count n (NaN until needed); fractional counts compute it. */
    private readonly lbetaByCount: Float64Array;

    constructor(private readonly o: PrequentialOptions) {
        this.pit = new Float64Array(o.observations).fill(NaN);
        this.logScores = new Float64Array(o.observations).fill(NaN);
        this.gate = new Float64Array(o.K);
        this.psi = new Float64Array(Math.max(o.K - 1, 1));
        this.v = new Float64Array(o.d);
        this.stamp = new Int32Array(o.ids).fill(-1);
        this.cdf = new Float64Array(o.ids);
        this.lbetaByCount = new Float64Array(o.observations + 2).fill(NaN);
    }

    /** Record u_t, with W the particles' normalised weights before observation t. */
    observe(t: number, X: Float64Array, xOff: number, y: number, W: Float64Array): void {
        const { N, K, layout: lay, state, componentId } = this.o;
        const { gate, stamp, cdf } = this;
        let u = 0;
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            if (K > 1) this.o.gateProbabilities(state, base, X, xOff, this.psi, 0, gate, 0);
            else gate[0] = 1;
            let s = 0;
            for (let k = 0; k < K; k++) {
                const id = componentId[i * K + k];
                if (stamp[id] !== t) {
                    cdf[id] = this.expertCdf(base + k * lay.expertStride, X, xOff, y);
                    stamp[id] = t;
                }
                s += gate[k] * cdf[id];
            }
            u += W[i] * s;
        }
        // Rounding can leave the sum a few ulps outside [0, 1].
        this.pit[t] = u < 0 ? 0 : u > 1 ? 1 : u;
    }

    /** F(y) of the Student-t predictive t_2a(x'm, b (1 + q) / a) of the Gaussian expert block at `eo`. */
    private expertCdf(eo: number, X: Float64Array, xOff: number, y: number): number {
        const { d, layout, state, a0 } = this.o;
        const nl = layout.nig;
        let q = 0;
        let mu = 0;
        const v = this.v;
        for (let r = 0; r < d; r++) {
            const ro = eo + nl.L + ((r * (r + 1)) >> 1);
            let s = X[xOff + r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * v[c];
            const vr = s * state[eo + nl.dinv + r];
            v[r] = vr;
            q += vr * vr;
            mu += X[xOff + r] * state[eo + nl.m + r];
        }
        const n = state[eo + nl.n];
        const a = a0 + 0.5 * n;
        const scale = Math.sqrt((state[eo + nl.b] * (1 + q)) / a);
        return studentTCdf((y - mu) / scale, 2 * a, this.lbeta(n, a));
    }

    private lbeta(n: number, a: number): number {
        if (!Number.isInteger(n) || n >= this.lbetaByCount.length) return logBeta(a, 0.5);
        let l = this.lbetaByCount[n];
        if (l !== l) l = this.lbetaByCount[n] = logBeta(a, 0.5);
        return l;
    }
}
