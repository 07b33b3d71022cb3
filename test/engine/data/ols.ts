/**
 * Ordinary least squares for the generator tests: coefficients, their standard errors
 * (sigma^2 (X'X)^-1 with the residual variance) and the residual variance itself.
 */
import { Matrix, inverse } from 'ml-matrix';

export interface OlsFit {
    coefficients: number[];
    standardErrors: number[];
    residualVariance: number;
    n: number;
}

/** Regress y on (1, x) over the rows for which `keep(i)` is true; x is row-major n x p. */
export function ols(x: Float64Array, y: Float64Array, p: number, keep: (i: number) => boolean): OlsFit {
    const rows: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < y.length; i++) {
        if (!keep(i)) continue;
        rows.push([1, ...Array.from(x.subarray(i * p, (i + 1) * p))]);
        targets.push(y[i]!);
    }
    const X = new Matrix(rows);
    const Y = Matrix.columnVector(targets);
    const XtXInverse = inverse(X.transpose().mmul(X));
    const beta = XtXInverse.mmul(X.transpose()).mmul(Y).getColumn(0);
    const residuals = Y.sub(X.mmul(Matrix.columnVector(beta))).getColumn(0);
    const n = targets.length;
    const residualVariance = residuals.reduce((a, r) => a + r * r, 0) / (n - (p + 1));
    return {
        coefficients: beta,
        standardErrors: beta.map((_, j) => Math.sqrt(residualVariance * XtXInverse.get(j, j))),
        residualVariance,
        n
    };
}

/** Standard error of a sample variance of n Gaussian draws with variance v: v sqrt(2/(n-1)). */
export function varianceStandardError(variance: number, n: number): number {
    return variance * Math.sqrt(2 / (n - 1));
}
