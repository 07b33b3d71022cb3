import { Matrix, CholeskyDecomposition } from 'ml-matrix';
import type { NigPrior } from '../plan/types.js';
import { logGamma } from '../special/log-gamma.js';

/**
 * Batch NIG posterior and closed-form evidence of Bayesian linear regression (docs/method.md §1.2,
 * §2.9 oracle 1), computed from the raw data with ml-matrix, independently of the recursive
 * updates the filter uses. Used as a reference by tests and audits.
 */
export interface NigPosterior {
    precision: Matrix;
    mean: number[];
    shape: number;
    rate: number;
    logDetPrecision: number;
}

export function nigBatchPosterior(
    X: ArrayLike<number>,
    y: ArrayLike<number>,
    n: number,
    d: number,
    prior: NigPrior
): NigPosterior {
    const lambda0 = Matrix.eye(d, d).mul(1 / prior.scale);
    const m0 = Matrix.columnVector(prior.mean);
    const xtx = new Matrix(d, d);
    const xty = new Matrix(d, 1);
    let yty = 0;
    for (let t = 0; t < n; t++) {
        for (let i = 0; i < d; i++) {
            const xi = X[t * d + i];
            xty.set(i, 0, xty.get(i, 0) + xi * y[t]);
            for (let j = 0; j < d; j++) xtx.set(i, j, xtx.get(i, j) + xi * X[t * d + j]);
        }
        yty += y[t] * y[t];
    }
    const precision = lambda0.clone().add(xtx);
    const chol = new CholeskyDecomposition(precision);
    const h = lambda0.mmul(m0).add(xty);
    const mean = chol.solve(h);
    const quad0 = m0.transpose().mmul(lambda0).mmul(m0).get(0, 0);
    const quadN = mean.transpose().mmul(precision).mmul(mean).get(0, 0);
    const L = chol.lowerTriangularMatrix;
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += 2 * Math.log(L.get(i, i));
    return {
        precision,
        mean: mean.getColumn(0),
        shape: prior.shape + n / 2,
        rate: prior.rate + 0.5 * (yty + quad0 - quadN),
        logDetPrecision: logDet
    };
}

/**
 * log p(y) = -n/2 log 2pi + 1/2 log|Lambda0| - 1/2 log|Lambda_n| + a0 log b0 - a_n log b_n
 *            + lgamma(a_n) - lgamma(a0)  (docs/method.md §2.9).
 */
export function nigLogEvidence(
    X: ArrayLike<number>,
    y: ArrayLike<number>,
    n: number,
    d: number,
    prior: NigPrior
): number {
    const post = nigBatchPosterior(X, y, n, d, prior);
    const logDet0 = -d * Math.log(prior.scale);
    return (
        -0.5 * n * Math.log(2 * Math.PI) +
        0.5 * logDet0 -
        0.5 * post.logDetPrecision +
        prior.shape * Math.log(prior.rate) -
        post.shape * Math.log(post.rate) +
        logGamma(post.shape) -
        logGamma(prior.shape)
    );
}
