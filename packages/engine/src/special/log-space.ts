/** Log-space helpers (method.md §6.1-6.2). */

/** log(sum exp(v[start..start+len))); -Infinity when every term is -Infinity. */
export function logSumExp(v: ArrayLike<number>, start = 0, len = v.length - start): number {
    let max = -Infinity;
    for (let i = start; i < start + len; i++) if (v[i] > max) max = v[i];
    if (max === -Infinity) return -Infinity;
    if (max === Infinity) return Infinity;
    let s = 0;
    for (let i = start; i < start + len; i++) s += Math.exp(v[i] - max);
    return max + Math.log(s);
}

/** log sigma(u) = -(max(-u, 0) + log1p(exp(-|u|))), finite for every finite u. */
export function logSigmoid(u: number): number {
    return -((u < 0 ? -u : 0) + Math.log1p(Math.exp(-Math.abs(u))));
}

/** sigma(u) without overflow for either sign of u. */
export function sigmoid(u: number): number {
    if (u >= 0) return 1 / (1 + Math.exp(-u));
    const e = Math.exp(u);
    return e / (1 + e);
}
