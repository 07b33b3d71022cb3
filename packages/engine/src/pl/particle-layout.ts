import { nigLayout, type NigLayout } from '../experts/nig-expert.js';
import { bernoulliLayout, type BernoulliLayout } from '../experts/bernoulli-expert.js';
import { packedSize } from '../linalg/packed.js';

/**
 * Where each statistic of a particle lives inside its block of the flat state array
 * (docs/method.md §2.1): all particles side by side, particle i at [i * stride, (i + 1) * stride).
 *
 *   experts  K blocks   Gaussian: NIG statistics; Bernoulli: beta draw + PG pseudo-data
 *   sticks   K-1 blocks P (packed), C = chol(D^-1 + P) (packed), r, phi
 *   horseshoe           lambda2 (M), nu (M), tau2, xi   (only with a horseshoe gate prior)
 *   usage    K          the particle's path sum of allocation probabilities (docs/method.md §3)
 */
export interface ParticleLayout {
    K: number;
    d: number;
    T: number;
    family: 'gaussian' | 'bernoulli';
    nig: NigLayout;
    bernoulli: BernoulliLayout;
    expertStride: number;
    sticksOff: number;
    stickStride: number;
    stickP: number;
    stickC: number;
    stickR: number;
    stickPhi: number;
    /** Number of horseshoe-shrunk coefficients M (0 without a horseshoe prior). */
    shrunk: number;
    lambda2Off: number;
    nuOff: number;
    tauOff: number;
    usageOff: number;
    stride: number;
}

export function particleLayout(
    K: number,
    d: number,
    family: 'gaussian' | 'bernoulli',
    shrunk: number,
    horseshoe: boolean
): ParticleLayout {
    const T = packedSize(d);
    const nig = nigLayout(d);
    const bern = bernoulliLayout(d);
    const expertStride = family === 'gaussian' ? nig.size : bern.size;
    const sticksOff = K * expertStride;
    const stickStride = 2 * T + 2 * d;
    const hsOff = sticksOff + (K - 1) * stickStride;
    const hsSize = horseshoe ? 2 * shrunk + 2 : 0;
    const usageOff = hsOff + hsSize;
    return {
        K,
        d,
        T,
        family,
        nig,
        bernoulli: bern,
        expertStride,
        sticksOff,
        stickStride,
        stickP: 0,
        stickC: T,
        stickR: 2 * T,
        stickPhi: 2 * T + d,
        shrunk: horseshoe ? shrunk : 0,
        lambda2Off: hsOff,
        nuOff: hsOff + shrunk,
        tauOff: hsOff + 2 * shrunk,
        usageOff,
        stride: usageOff + K
    };
}
