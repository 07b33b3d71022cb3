import type { HmoeShape } from './model.js';

/** The data of one fit, in the layout the E-step and M-steps read. */
export interface EmProblem {
    shape: HmoeShape;
    n: number;
    /** Row-major n x d design (intercept column first when present). */
    X: Float64Array;
    /** Row-major n x p gate inputs (the design without its intercept column). */
    Z: Float64Array;
    y: Float64Array;
    /** Lower bound on the experts' noise variances (docs/method.md §5.3: the likelihood is unbounded as nu -> 0). */
    varianceFloor: number;
}

/** Sample variance of y (divisor n). */
export function targetVariance(y: Float64Array, n: number): number {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (y[i] - mean) * (y[i] - mean);
    return v / n;
}

/**
 * nu_min = 1e-6 Var(y) (docs/method.md §5.3). For a constant target Var(y) = 0, so the floor falls
 * back to 1e-6 max(1, mean(y)^2): the fit is then exact up to that noise level.
 */
export function varianceFloorFor(y: Float64Array, n: number): { floor: number; constantTarget: boolean } {
    const v = targetVariance(y, n);
    if (v > 0) return { floor: 1e-6 * v, constantTarget: false };
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    return { floor: 1e-6 * Math.max(1, mean * mean), constantTarget: true };
}
