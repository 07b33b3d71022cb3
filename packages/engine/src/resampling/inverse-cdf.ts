/**
 * Ancestors for sorted points u_1 <= ... <= u_m in (0, 1): a_i = min{j : C_j >= u_i} with the
 * cumulative weights C_j, forcing C_N = 1 (docs/method.md §2.7). One merge pass, O(N + m).
 * `next(i)` returns the i-th sorted point; ancestors are written to out[outOff + i].
 */
export function ancestorsFromSortedPoints(
    weights: ArrayLike<number>,
    n: number,
    m: number,
    next: (i: number) => number,
    out: Int32Array,
    outOff = 0
): void {
    let j = 0;
    let c = weights[0];
    for (let i = 0; i < m; i++) {
        const u = next(i);
        while (c < u && j < n - 1) {
            j++;
            c += weights[j];
        }
        out[outOff + i] = j;
    }
}
