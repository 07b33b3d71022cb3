/**
 * Cholesky factorisation of packed symmetric matrices with diagonal jitter (method.md §6.3):
 * on a non-positive pivot, retry with A + delta * mean(diag A) * I for delta = 1e-10 ... 1e-4.
 * Hand-written because it works in place on sub-blocks of the particles' flat typed arrays,
 * which matrix libraries do not.
 */

const JITTERS = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4];

/** Plain Cholesky A = L L' (both packed). Returns false on a non-positive or non-finite pivot. */
export function choleskyPackedNoJitter(A: Float64Array, aOff: number, L: Float64Array, lOff: number, d: number, add = 0): boolean {
    for (let i = 0; i < d; i++) {
        const ri = ((i * (i + 1)) >> 1);
        for (let j = 0; j <= i; j++) {
            const rj = ((j * (j + 1)) >> 1);
            let s = A[aOff + ri + j];
            if (i === j) s += add;
            for (let k = 0; k < j; k++) s -= L[lOff + ri + k] * L[lOff + rj + k];
            if (i === j) {
                if (!(s > 0)) return false;
                L[lOff + ri + i] = Math.sqrt(s);
            } else {
                L[lOff + ri + j] = s / L[lOff + rj + j];
            }
        }
    }
    return true;
}

/**
 * Cholesky with jitter. Returns the relative jitter used (0 when none was needed); throws
 * `Error` when even the largest jitter fails (the caller turns it into a NumericalError).
 */
export function choleskyPacked(A: Float64Array, aOff: number, L: Float64Array, lOff: number, d: number): number {
    if (choleskyPackedNoJitter(A, aOff, L, lOff, d)) return 0;
    let meanDiag = 0;
    for (let i = 0; i < d; i++) meanDiag += Math.abs(A[aOff + ((i * (i + 3)) >> 1)]);
    meanDiag = meanDiag / d || 1;
    for (const delta of JITTERS) {
        if (choleskyPackedNoJitter(A, aOff, L, lOff, d, delta * meanDiag)) return delta;
    }
    throw new Error('matrix is not positive definite even with jitter 1e-4');
}

/** log |A| = 2 sum log L_ii from the packed Cholesky factor. */
export function logDetFromCholesky(L: Float64Array, off: number, d: number): number {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.log(L[off + ((i * (i + 3)) >> 1)]);
    return 2 * s;
}
