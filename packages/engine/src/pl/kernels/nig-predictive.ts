import { packed, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';
import { nigLayout } from '../../experts/nig-expert.js';

/**
 * Student-t one-step log predictive of the Gaussian expert block at `eo` (docs/method.md §1.2, §2.3
 * step 2): with v = L^-1 x, q = v'v, e = y - x'm, a = a0 + n/2, h = 2 b (1 + q), it is
 * tTable[n] + a log h - (a + 1/2) log(h + e^2), written to out[at]; y = ya[0], a0 = ya[1]. Block
 * layout of experts/nig-expert.ts. (Numbers go in and out through arrays: the kernel is too large
 * for V8 to inline, and a double passed to or returned from such a call is boxed.)
 */
export type NigPredictiveKernel = (
    state: Float64Array,
    eo: number,
    X: Float64Array,
    xOff: number,
    ya: Float64Array,
    tTable: Float64Array,
    out: Float64Array,
    at: number
) => void;

/**
 * `constantById`: the Student-t constant is `tTable[at]` (one per block, for fractional counts under
 * forgetting, pl/forgetting.ts) instead of `tTable[n]`.
 */
export function nigPredictiveKernel(d: number, constantById = false): NigPredictiveKernel {
    return d <= MAX_UNROLLED_D ? unrolledNigPredictive(d, constantById) : genericNigPredictive(d, constantById);
}

export function unrolledNigPredictive(d: number, constantById = false): NigPredictiveKernel {
    return unrolledKernel<NigPredictiveKernel>(
        constantById ? 'nig-predictive-by-id' : 'nig-predictive',
        d,
        ['state', 'eo', 'X', 'xOff', 'ya', 'tTable', 'out', 'at'],
        () => {
            const nl = nigLayout(d);
            const lines: string[] = [
                'const y = ya[0];',
                'const a0 = ya[1];',
                'let q = 0;',
                'let mu = 0;',
                'let s = 0;'
            ];
            for (let r = 0; r < d; r++) {
                lines.push(`const x${r} = X[xOff + ${r}];`, `s = x${r};`);
                for (let c = 0; c < r; c++) lines.push(`s -= state[eo + ${nl.L + packed(r, c)}] * v${c};`);
                lines.push(
                    `const v${r} = s * state[eo + ${nl.dinv + r}];`,
                    `q += v${r} * v${r};`,
                    `mu += x${r} * state[eo + ${nl.m + r}];`
                );
            }
            lines.push(
                `const n = state[eo + ${nl.n}];`,
                'const a = a0 + 0.5 * n;',
                'const e = y - mu;',
                `const h = 2 * state[eo + ${nl.b}] * (1 + q);`,
                `out[at] = tTable[${constantById ? 'at' : 'n | 0'}] + a * Math.log(h) - (a + 0.5) * Math.log(h + e * e);`
            );
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericNigPredictive(d: number, constantById = false): NigPredictiveKernel {
    const nl = nigLayout(d);
    const v = new Float64Array(d);
    return (state, eo, X, xOff, ya, tTable, out, at) => {
        const y = ya[0];
        const a0 = ya[1];
        let q = 0;
        let mu = 0;
        for (let r = 0; r < d; r++) {
            const ro = eo + nl.L + packed(r, 0);
            let s = X[xOff + r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * v[c];
            const vr = s * state[eo + nl.dinv + r];
            v[r] = vr;
            q += vr * vr;
            mu += X[xOff + r] * state[eo + nl.m + r];
        }
        const n = state[eo + nl.n];
        const a = a0 + 0.5 * n;
        const e = y - mu;
        const h = 2 * state[eo + nl.b] * (1 + q);
        out[at] = tTable[constantById ? at : n | 0] + a * Math.log(h) - (a + 0.5) * Math.log(h + e * e);
    };
}
