import { packed, rankOneUpdateLines, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';
import { nigLayout } from '../../experts/nig-expert.js';
import { choleskyRankOneUpdate } from '../../linalg/rank-one-update.js';

/**
 * Rank-one NIG update of the Gaussian expert block at `eo` with (x, y) (docs/method.md §1.2, §2.3
 * step 8): m += Lambda^-1 x e / (1 + q), b += e^2 / (2 (1 + q)), n += 1, the raw statistics, and
 * L L' + x x' by a rank-one Cholesky update; x = X[xOff .. xOff+d), y = Y[yOff] (numbers passed in
 * arrays: a double argument to a call V8 does not inline is boxed). Returns 1, or 0 when the new b is not a positive
 * finite number (the block is then left partly updated and the caller stops the run).
 */
export type NigUpdateKernel = (
    state: Float64Array,
    eo: number,
    X: Float64Array,
    xOff: number,
    Y: Float64Array,
    yOff: number
) => number;

export function nigUpdateKernel(d: number): NigUpdateKernel {
    return d <= MAX_UNROLLED_D ? unrolledNigUpdate(d) : genericNigUpdate(d);
}

export function unrolledNigUpdate(d: number): NigUpdateKernel {
    return unrolledKernel<NigUpdateKernel>('nig-update', d, ['state', 'eo', 'X', 'xOff', 'Y', 'yOff'], () => {
        const nl = nigLayout(d);
        const L = (r: number, c: number) => `state[eo + ${nl.L + packed(r, c)}]`;
        const lines: string[] = ['const y = Y[yOff];', 'let q = 0;', 'let mu = 0;', 'let s = 0;'];
        for (let r = 0; r < d; r++) {
            for (let c = 0; c <= r; c++) lines.push(`const l${r}_${c} = ${L(r, c)};`);
        }
        // v = L^-1 x, w = L^-T v = Lambda^-1 x.
        for (let r = 0; r < d; r++) {
            lines.push(`const x${r} = X[xOff + ${r}];`, `s = x${r};`);
            for (let c = 0; c < r; c++) lines.push(`s -= l${r}_${c} * u${c};`);
            lines.push(
                `const u${r} = s / l${r}_${r};`,
                `q += u${r} * u${r};`,
                `mu += x${r} * state[eo + ${nl.m + r}];`
            );
        }
        for (let r = d - 1; r >= 0; r--) {
            lines.push(`s = u${r};`);
            for (let c = r + 1; c < d; c++) lines.push(`s -= l${c}_${r} * w${c};`);
            lines.push(`const w${r} = s / l${r}_${r};`);
        }
        lines.push('const e = y - mu;', 'const g = e / (1 + q);');
        for (let r = 0; r < d; r++) lines.push(`state[eo + ${nl.m + r}] += w${r} * g;`);
        lines.push(
            `const b = state[eo + ${nl.b}] + 0.5 * e * g;`,
            'if (!(b > 0 && b < Infinity)) return 0;',
            `state[eo + ${nl.b}] = b;`,
            `state[eo + ${nl.n}] += 1;`
        );
        for (let r = 0; r < d; r++) {
            for (let c = 0; c <= r; c++) lines.push(`state[eo + ${nl.sxx + packed(r, c)}] += x${r} * x${c};`);
            lines.push(`state[eo + ${nl.sxy + r}] += x${r} * y;`);
        }
        lines.push(`state[eo + ${nl.syy}] += y * y;`);
        for (let r = 0; r < d; r++) lines.push(`let v${r} = x${r};`);
        lines.push(...rankOneUpdateLines(d, L));
        for (let r = 0; r < d; r++) lines.push(`state[eo + ${nl.dinv + r}] = 1 / ${L(r, r)};`);
        lines.push('return 1;');
        return lines.join('\n');
    });
}

/** The same computation as loops, for any d. */
export function genericNigUpdate(d: number): NigUpdateKernel {
    const nl = nigLayout(d);
    const v = new Float64Array(d);
    const w = new Float64Array(d);
    return (state, eo, X, xOff, Y, yOff) => {
        const y = Y[yOff];
        const Lo = eo + nl.L;
        let q = 0;
        let mu = 0;
        for (let r = 0; r < d; r++) {
            const ro = Lo + packed(r, 0);
            let s = X[xOff + r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * v[c];
            const vr = s / state[ro + r];
            v[r] = vr;
            q += vr * vr;
            mu += X[xOff + r] * state[eo + nl.m + r];
        }
        for (let r = d - 1; r >= 0; r--) {
            let s = v[r];
            for (let c = r + 1; c < d; c++) s -= state[Lo + packed(c, r)] * w[c];
            w[r] = s / state[Lo + packed(r, r)];
        }
        const e = y - mu;
        const g = e / (1 + q);
        for (let r = 0; r < d; r++) state[eo + nl.m + r] += w[r] * g;
        const b = state[eo + nl.b] + 0.5 * e * g;
        if (!(b > 0 && b < Infinity)) return 0;
        state[eo + nl.b] = b;
        state[eo + nl.n] += 1;
        for (let r = 0; r < d; r++) {
            const xr = X[xOff + r];
            v[r] = xr;
            const so = eo + nl.sxx + packed(r, 0);
            for (let c = 0; c <= r; c++) state[so + c] += xr * X[xOff + c];
            state[eo + nl.sxy + r] += xr * y;
        }
        state[eo + nl.syy] += y * y;
        choleskyRankOneUpdate(state, Lo, d, v, 0);
        for (let r = 0; r < d; r++) state[eo + nl.dinv + r] = 1 / state[Lo + packed(r, r)];
        return 1;
    };
}
