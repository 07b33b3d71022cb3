import { solveSpd } from '../linalg/solve-spd.js';
import type { HmoeParams } from './model.js';

export interface ExpertStepReport {
    /** Leaves whose total responsibility fell below 1e-8 n (docs/method.md §6.12). */
    emptyLeaves: number[];
    /** Largest relative Cholesky jitter needed (collinear inputs within a leaf). */
    maxJitter: number;
    /** Leaves whose variance was raised to the floor. */
    flooredLeaves: number[];
}

/** Ridge of the weighted normal equations, relative to their mean diagonal (docs/method.md §5.3: eps = 1e-10). */
const RIDGE = 1e-10;

/**
 * Expert M-step (docs/method.md §5.3): for each leaf, weighted least squares
 * beta = (X'RX + eps I)^{-1} X'R y through a Cholesky factor, and
 * nu = sum r (y - x'beta)^2 / sum r floored at `varianceFloor`. Empty leaves keep their
 * parameters and are reported so the caller can re-initialise them.
 */
export function expertMStep(
    params: HmoeParams,
    X: Float64Array,
    y: Float64Array,
    n: number,
    d: number,
    L: number,
    resp: Float64Array,
    varianceFloor: number
): ExpertStepReport {
    const report: ExpertStepReport = { emptyLeaves: [], maxJitter: 0, flooredLeaves: [] };
    const A = new Float64Array(L * d * d);
    const b = new Float64Array(L * d);
    const mass = new Float64Array(L);
    for (let i = 0; i < n; i++) {
        const xo = i * d;
        const yi = y[i];
        for (let l = 0; l < L; l++) {
            const r = resp[i * L + l];
            if (r === 0) continue;
            mass[l] += r;
            const ao = l * d * d;
            const bo = l * d;
            for (let j = 0; j < d; j++) {
                const rx = r * X[xo + j];
                b[bo + j] += rx * yi;
                const row = ao + j * d;
                for (let k = j; k < d; k++) A[row + k] += rx * X[xo + k];
            }
        }
    }
    const emptyMass = 1e-8 * n;
    for (let l = 0; l < L; l++) {
        if (!(mass[l] > emptyMass)) {
            report.emptyLeaves.push(l);
            continue;
        }
        const Al = A.subarray(l * d * d, (l + 1) * d * d);
        let meanDiag = 0;
        for (let j = 0; j < d; j++) meanDiag += Al[j * d + j];
        meanDiag /= d;
        for (let j = 0; j < d; j++) {
            Al[j * d + j] += RIDGE * meanDiag;
            for (let k = 0; k < j; k++) Al[j * d + k] = Al[k * d + j];
        }
        const solved = solveSpd(Al, d, b.subarray(l * d, (l + 1) * d));
        if (!solved) {
            report.emptyLeaves.push(l);
            continue;
        }
        report.maxJitter = Math.max(report.maxJitter, solved.jitter);
        params.coefficients.set(solved.x, l * d);
    }
    // Residual variances in a second pass (needs the new coefficients).
    const sse = new Float64Array(L);
    const coef = params.coefficients;
    for (let i = 0; i < n; i++) {
        const xo = i * d;
        for (let l = 0; l < L; l++) {
            const r = resp[i * L + l];
            if (r === 0) continue;
            let mu = 0;
            const co = l * d;
            for (let j = 0; j < d; j++) mu += coef[co + j] * X[xo + j];
            const e = y[i] - mu;
            sse[l] += r * e * e;
        }
    }
    for (let l = 0; l < L; l++) {
        if (report.emptyLeaves.includes(l)) continue;
        let v = sse[l] / mass[l];
        if (!(v >= varianceFloor)) {
            v = varianceFloor;
            report.flooredLeaves.push(l);
        }
        params.variances[l] = v;
    }
    return report;
}
