/**
 * Cholesky factorisation of packed symmetric matrices with the diagonal jitter of jitter.ts.
 * Hand-written because it works in place on sub-blocks of the particles' flat typed arrays,
 * which matrix libraries do not.
 */
import { JITTERS, jitterScale } from './jitter.js';

/** Plain Cholesky A = L L' (both packed). Returns false on a non-positive or non-finite pivot. */
export function choleskyPackedNoJitter(
    A: Float64Array,
    aOff: number,
    L: Float64Array,
    lOff: number,
    d: number,
    add = 0
): boolean {
    for (let i = 0; i < d; i++) {
        const ri = (i * (i + 1)) >> 1;
        for (let j = 0; j <= i; j++) {
            const rj = (j * (j + 1)) >> 1;
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
    const scale = jitterScale(d, i => A[aOff + ((i * (i + 3)) >> 1)]);
    for (const delta of JITTERS) {
        if (choleskyPackedNoJitter(A, aOff, L, lOff, d, delta * scale)) return delta;
    }
    throw new Error('matrix is not positive definite even with jitter 1e-4');
}
