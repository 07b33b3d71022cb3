import { erfcx } from '../special/normal.js';

/**
 * Exact Polya-Gamma sampler PG(b, z) for integer b >= 1.
 *
 * PG(1, z) is drawn with Devroye's alternating-series method as adapted by Polson, Scott &
 * Windle (2013), "Bayesian inference for logistic models using Polya-Gamma latent variables",
 * JASA 108:1339, Algorithm 1, following BayesLogit's `PolyaGamma::draw_like_devroye` (truncation
 * point t = 0.64), with the exponential-proposal probability in a closed form free of
 * cancellation and of logarithms (docs/method.md §2.8, §6.8; `exponentialProposalProbability`).
 * PG(b, z) for integer b is the sum of b independent PG(1, z) draws.
 *
 * Written by hand because no JavaScript library provides a Polya-Gamma sampler.
 */

const T = 0.64;
const SQRT_T_INV = 1 / Math.sqrt(T);
const PI2_8 = (Math.PI * Math.PI) / 8;
const SQRT1_2 = Math.SQRT1_2;
/** (4/pi) exp(pi^2 t/8 - 1/(2t)): the Z-free factor of q/p (see `exponentialProposalProbability`). */
const QP_CONSTANT = (4 / Math.PI) * Math.exp(PI2_8 * T - 1 / (2 * T));
/** Guard against a runaway alternating series (docs/method.md §6.8); never reached in practice. */
const SERIES_CAP = 1000;

/** Any source of the three variates the sampler needs (`Rng`, or the filter's fast source). */
export interface PolyaGammaRandom {
    uniform(): number;
    exponential(): number;
    normal(): number;
}

export class PolyaGammaSampler {
    /** Number of times the alternating-series loop hit its iteration cap. */
    capHits = 0;

    private readonly one = new Float64Array(1);

    constructor(private readonly rng: PolyaGammaRandom) {}

    /** One draw from PG(b, z), b a positive integer. */
    draw(b: number, z: number): number {
        let s = 0;
        for (let i = 0; i < b; i++) s += this.draw1(z);
        return s;
    }

    /** One draw from PG(1, z). */
    draw1(z: number): number {
        this.one[0] = z;
        this.drawOnes(this.one, 0, 1, this.one);
        return this.one[0];
    }

    /**
     * out[j] ~ PG(1, z[zOff + j]) for j < n, drawn in order (`out` may be `z` itself). The whole
     * algorithm sits in this one loop, so that V8 compiles it as one function in which no number
     * is boxed (a double passed to or returned from a call it does not inline is).
     */
    drawOnes(z: Float64Array, zOff: number, n: number, out: Float64Array): void {
        const rng = this.rng;
        for (let j = 0; j < n; j++) {
            const Z = 0.5 * Math.abs(z[zOff + j]);
            const K = PI2_8 + 0.5 * Z * Z;
            // Mixture probability of the right-hand proposal (see exponentialProposalProbability).
            const b = (T * Z - 1) * SQRT_T_INV;
            const eb = 0.5 * erfcx(Math.abs(b) * SQRT1_2);
            const sum = 0.5 * erfcx((T * Z + 1) * SQRT_T_INV * SQRT1_2) + (b < 0 ? eb : Math.exp(0.5 * b * b) - eb);
            const pExp = 1 / (1 + QP_CONSTANT * K * sum);
            let X = 0;
            for (;;) {
                if (rng.uniform() < pExp) {
                    X = T + rng.exponential() / K;
                } else if (Z < 1 / T) {
                    // Left of t, mu = 1/Z > t (BayesLogit `rtigauss`): 1/X ~ truncated chi-square
                    // from two exponentials, accepted with probability exp(-Z^2 X / 2).
                    for (;;) {
                        let E1: number;
                        let E2: number;
                        do {
                            E1 = rng.exponential();
                            E2 = rng.exponential();
                        } while (E1 * E1 > (2 * E2) / T);
                        const w = 1 + T * E1;
                        X = T / (w * w);
                        if (rng.uniform() <= Math.exp(-0.5 * Z * Z * X)) break;
                    }
                } else {
                    // Left of t, mu = 1/Z <= t: inverse Gaussian IG(mu, 1) by Michael, Schucany &
                    // Haas (1976), kept when below t.
                    const mu = 1 / Z;
                    for (;;) {
                        const e = rng.normal();
                        const Y = e * e;
                        const muY = mu * Y;
                        X = mu + 0.5 * mu * muY - 0.5 * mu * Math.sqrt(4 * muY + muY * muY);
                        if (rng.uniform() > mu / (mu + X)) X = (mu * mu) / X;
                        if (X <= T) break;
                    }
                }
                if (!(X > 0)) continue;
                if (this.acceptBySeries(X, rng.uniform())) break;
            }
            out[j] = 0.25 * X;
        }
    }

    /**
     * Devroye's alternating-series test for a proposal X with uniform u: a_n(X) = scale (n + 1/2)
     * exp(-rate (n + 1/2)^2) on either side of t (PSW 2013, §4.1); partial sums bracket the
     * density ratio, and u S_0 is compared with them until one side is decided.
     */
    private acceptBySeries(X: number, u: number): boolean {
        let scale: number;
        let rate: number;
        if (X > T) {
            scale = Math.PI;
            rate = 0.5 * Math.PI * Math.PI * X;
        } else {
            const q = 2 / (Math.PI * X);
            scale = Math.PI * q * Math.sqrt(q);
            rate = 2 / X;
        }
        let S = scale * 0.5 * Math.exp(-0.25 * rate);
        const Y = u * S;
        for (let n = 1; n <= SERIES_CAP; n++) {
            const k = n + 0.5;
            const a = scale * k * Math.exp(-k * k * rate);
            if (n & 1) {
                S -= a;
                if (Y <= S) return true;
            } else {
                S += a;
                if (Y > S) return false;
            }
        }
        this.capHits++;
        return true;
    }
}

/**
 * Probability p/(p+q) of the truncated-exponential proposal (right of t) in Devroye's mixture,
 * for Z = |z|/2 (PSW 2013, §4.1; BayesLogit `mass_texpon`). There, with K = pi^2/8 + Z^2/2,
 * q/p = (4/pi) K exp(Kt) [exp(-Z) Phi(b) + exp(Z) Phi(a)], a = -(tZ + 1)/sqrt t, b = (tZ - 1)/sqrt t.
 * Writing Phi(u) = erfcx(-u/sqrt 2) exp(-u^2/2) / 2 for u < 0, the exponents collapse:
 * Kt + Z - a^2/2 = Kt - Z - b^2/2 = pi^2 t/8 - 1/(2t) for every Z, so
 * q/p = QP_CONSTANT K [erfcx(-a/sqrt 2)/2 + (b < 0 ? erfcx(-b/sqrt 2)/2 : exp(b^2/2) - erfcx(b/sqrt 2)/2)]
 * (for b >= 0, exp(b^2/2) Phi(b) = exp(b^2/2) - exp(b^2/2) Phi(-b), a difference of at least
 * 1/2 between numbers of at least 1, so nothing cancels). erfcx is evaluated only at
 * non-negative arguments, where it is a rational function: no logarithm anywhere. For large Z the
 * last term overflows to Infinity and the probability is 0, as it is to double precision.
 */
export function exponentialProposalProbability(Z: number): number {
    const K = PI2_8 + 0.5 * Z * Z;
    const a = -(T * Z + 1) * SQRT_T_INV;
    const b = (T * Z - 1) * SQRT_T_INV;
    const eb = 0.5 * erfcx(Math.abs(b) * SQRT1_2);
    const sum = 0.5 * erfcx(-a * SQRT1_2) + (b < 0 ? eb : Math.exp(0.5 * b * b) - eb);
    return 1 / (1 + QP_CONSTANT * K * sum);
}
