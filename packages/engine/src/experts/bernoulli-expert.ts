import { packedSize } from '../linalg/packed.js';

/**
 * Bernoulli/logistic expert through Polya-Gamma augmentation (docs/method.md §1.6): beta ~ N(mu0, c I);
 * the particle carries a draw of beta and the Gaussian pseudo-data statistics (P^e, r^e), with the
 * Cholesky factor C^e of c^-1 I + P^e kept up to date by rank-one updates.
 *
 * Block layout (offsets from the block start), T = d(d+1)/2:
 *   P^e (T, packed), C^e (T, packed), r^e (d), beta (d), n (1):
 * the order of a stick block (P, C, r, phi), so one Gaussian draw kernel serves both.
 */
export interface BernoulliLayout {
    d: number;
    T: number;
    beta: number;
    P: number;
    C: number;
    r: number;
    n: number;
    size: number;
}

export function bernoulliLayout(d: number): BernoulliLayout {
    const T = packedSize(d);
    const P = 0;
    const C = P + T;
    const r = C + T;
    const beta = r + d;
    const n = beta + d;
    return { d, T, beta, P, C, r, n, size: n + 1 };
}
