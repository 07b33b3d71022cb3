import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { JITTERS, jitterScale } from './jitter.js';

export interface SpdSolve {
    x: Float64Array;
    /** Relative jitter that had to be added to the diagonal (0 when none was needed). */
    jitter: number;
}

/**
 * Solves A x = b for a symmetric positive (semi-)definite m x m matrix A (row-major) through
 * its Cholesky factor (ml-matrix). On a non-positive pivot or a non-finite solution it retries
 * with the jitter of jitter.ts and reports delta. Returns undefined when even the largest jitter
 * fails (A not finite, or indefinite).
 */
export function solveSpd(A: Float64Array, m: number, b: Float64Array): SpdSolve | undefined {
    const scale = jitterScale(m, i => A[i * m + i]);
    const rhs = new Matrix(m, 1);
    for (let i = 0; i < m; i++) rhs.set(i, 0, b[i]);
    for (const delta of [0, ...JITTERS]) {
        const M = new Matrix(m, m);
        for (let i = 0; i < m; i++) {
            for (let j = 0; j < m; j++) M.set(i, j, A[i * m + j]);
            M.set(i, i, A[i * m + i] + delta * scale);
        }
        const chol = new CholeskyDecomposition(M);
        if (!chol.isPositiveDefinite()) continue;
        const sol = chol.solve(rhs);
        const x = new Float64Array(m);
        let finite = true;
        for (let i = 0; i < m; i++) {
            x[i] = sol.get(i, 0);
            if (!Number.isFinite(x[i])) finite = false;
        }
        if (finite) return { x, jitter: delta };
    }
    return undefined;
}
