/**
 * Symmetric and lower-triangular d x d matrices stored packed, row by row: entry (i, j), j <= i,
 * at offset i(i+1)/2 + j. Particle states hold many such blocks in one Float64Array, so every
 * routine takes (array, offset) instead of a matrix object.
 */
export function packedSize(d: number): number {
    return (d * (d + 1)) / 2;
}
