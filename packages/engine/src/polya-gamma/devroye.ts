import { normalLogCdf } from '../special/normal.js';

/**
 * Exact Polya-Gamma sampler PG(b, z) for integer b >= 1.
 *
 * PG(1, z) is drawn with Devroye's alternating-series method as adapted by Polson, Scott &
 * Windle (2013), "Bayesian inference for logistic models using Polya-Gamma latent variables",
 * JASA 108:1339, Algorithm 1, following BayesLogit's `PolyaGamma::draw_like_devroye` (truncation
 * point t = 0.64) with the exponential-proposal probability computed in log space
 * (method.md §2.8, §6.8). PG(b, z) for integer b is the sum of b independent PG(1, z) draws.
 *
 * Written by hand because no JavaScript library provides a Polya-Gamma sampler.
 */

const T = 0.64;
const SQRT_T_INV = 1 / Math.sqrt(T);
const PI2_8 = (Math.PI * Math.PI) / 8;
const LOG_4_PI = Math.log(4 / Math.PI);
const LOG_PI_2 = Math.log(Math.PI / 2);
const LOG_PI = Math.log(Math.PI);
/** Guard against a runaway alternating series (method.md §6.8); never reached in practice. */
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

    constructor(private readonly rng: PolyaGammaRandom) {}

    /** One draw from PG(b, z), b a positive integer. */
    draw(b: number, z: number): number {
        let s = 0;
        for (let i = 0; i < b; i++) s += this.draw1(z);
        return s;
    }

    /** One draw from PG(1, z). */
    draw1(z: number): number {
        const rng = this.rng;
        const Z = 0.5 * Math.abs(z);
        const K = PI2_8 + 0.5 * Z * Z;
        // Probability of the right-tail (truncated exponential) proposal, in log space.
        const x0 = Math.log(K) + K * T;
        const bb = (T * Z - 1) * SQRT_T_INV;
        const aa = -(T * Z + 1) * SQRT_T_INV;
        const lb = x0 - Z + normalLogCdf(bb);
        const la = x0 + Z + normalLogCdf(aa);
        const m = lb > la ? lb : la;
        const logqp = LOG_4_PI + m + Math.log(Math.exp(lb - m) + Math.exp(la - m));
        const pExp = logqp > 0 ? Math.exp(-logqp) / (1 + Math.exp(-logqp)) : 1 / (1 + Math.exp(logqp));
        for (;;) {
            let X: number;
            if (rng.uniform() < pExp) X = T + rng.exponential() / K;
            else X = this.truncatedInverseGaussian(Z);
            let S = seriesCoefficient(0, X);
            const Y = rng.uniform() * S;
            for (let n = 1; n <= SERIES_CAP; n++) {
                if (n & 1) {
                    S -= seriesCoefficient(n, X);
                    if (Y <= S) return 0.25 * X;
                } else {
                    S += seriesCoefficient(n, X);
                    if (Y > S) break;
                }
                if (n === SERIES_CAP) {
                    this.capHits++;
                    return 0.25 * X;
                }
            }
        }
    }

    /** Inverse Gaussian IG(mu = 1/Z, shape 1) truncated to (0, t) (BayesLogit `rtigauss`). */
    private truncatedInverseGaussian(Z: number): number {
        const rng = this.rng;
        if (Z < 1 / T) {
            // mu > t: proposal 1/X ~ truncated chi-square via two exponentials, accept w.p. exp(-Z^2 X / 2).
            for (;;) {
                let E1: number;
                let E2: number;
                do {
                    E1 = rng.exponential();
                    E2 = rng.exponential();
                } while (E1 * E1 > (2 * E2) / T);
                const w = 1 + T * E1;
                const X = T / (w * w);
                if (rng.uniform() <= Math.exp(-0.5 * Z * Z * X)) return X;
            }
        }
        const mu = 1 / Z;
        for (;;) {
            const n = rng.normal();
            const Y = n * n;
            const muY = mu * Y;
            let X = mu + 0.5 * mu * muY - 0.5 * mu * Math.sqrt(4 * muY + muY * muY);
            if (rng.uniform() > mu / (mu + X)) X = (mu * mu) / X;
            if (X <= T) return X;
        }
    }
}

/** Coefficient a_n(x) of the alternating series for J*(1, 0) (PSW 2013, eq. in §4.1). */
function seriesCoefficient(n: number, x: number): number {
    const k = n + 0.5;
    if (x > T) return Math.PI * k * Math.exp(-0.5 * k * k * Math.PI * Math.PI * x);
    if (x > 0) return Math.exp(LOG_PI + Math.log(k) - 1.5 * (LOG_PI_2 + Math.log(x)) - (2 * k * k) / x);
    return 0;
}
