/** log-sum-exp of v[offset .. offset + k) (method.md §6.1); -Infinity when every term is. */
export function logSumExp(v: Float64Array, offset: number, k: number): number {
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (v[offset + j] > max) max = v[offset + j];
    if (max === -Infinity) return -Infinity;
    if (max === Infinity) return Infinity;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(v[offset + j] - max);
    return max + Math.log(sum);
}
