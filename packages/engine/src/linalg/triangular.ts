/** Triangular solves with packed lower factors (docs/method.md §6.4: no explicit inverses). */

/** Forward substitution: solve L v = b. `out` may alias `b` (same offset). */
export function forwardSolvePacked(
    L: Float64Array,
    lOff: number,
    d: number,
    b: ArrayLike<number>,
    bOff: number,
    out: Float64Array,
    outOff: number
): void {
    for (let i = 0; i < d; i++) {
        const ri = lOff + ((i * (i + 1)) >> 1);
        let s = b[bOff + i];
        for (let k = 0; k < i; k++) s -= L[ri + k] * out[outOff + k];
        out[outOff + i] = s / L[ri + i];
    }
}

/** Back substitution with the transpose: solve L' w = b. `out` may alias `b` (same offset). */
export function backSolvePackedTranspose(
    L: Float64Array,
    lOff: number,
    d: number,
    b: ArrayLike<number>,
    bOff: number,
    out: Float64Array,
    outOff: number
): void {
    for (let i = d - 1; i >= 0; i--) {
        let s = b[bOff + i];
        for (let k = i + 1; k < d; k++) s -= L[lOff + ((k * (k + 1)) >> 1) + i] * out[outOff + k];
        out[outOff + i] = s / L[lOff + ((i * (i + 3)) >> 1)];
    }
}
