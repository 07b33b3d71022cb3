import { packed, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';
import { stickBackSolve, stickBackSolveLines } from './stick-draw.js';

/**
 * Refactorise-and-draw of one stick (docs/method.md §1.5, §6.4), the horseshoe sweep's hottest step:
 * C = chol(diag(prec) + P) written over the stick's factor, then phi = C^-T (C^-1 h + eps) with
 * h = diag(prec) mu + r. Row r of the forward solve runs as soon as row r of C is known.
 *
 * Arguments: the state array, the stick block's offset `so` (layout of particle-layout.ts:
 * P at 0, C at T, r at 2T, phi at 2T + d), the prior precisions `prec[0..d)`, the prior means
 * `mu[jd..jd+d)` and the standard normals `eps[jd..jd+d)`.
 * Returns 1 when phi is finite, 2 when it is not, and 0 when the factorisation met a
 * non-positive pivot (C is then partly written; the caller refactorises with jitter and draws
 * with `stickDrawKernel`).
 */
export type StickRedrawKernel = (
    state: Float64Array,
    so: number,
    prec: Float64Array,
    mu: Float64Array,
    eps: Float64Array,
    jd: number
) => number;

export function stickRedrawKernel(d: number): StickRedrawKernel {
    return d <= MAX_UNROLLED_D ? unrolledStickRedraw(d) : genericStickRedraw(d);
}

export function unrolledStickRedraw(d: number): StickRedrawKernel {
    return unrolledKernel<StickRedrawKernel>('stick-redraw', d, ['state', 'so', 'prec', 'mu', 'eps', 'jd'], () => {
        const T = (d * (d + 1)) / 2;
        const C = (r: number, c: number) => `state[so + ${T + packed(r, c)}]`;
        const P = (r: number, c: number) => `state[so + ${packed(r, c)}]`;
        const lines: string[] = ['let s = 0;'];
        for (let r = 0; r < d; r++) {
            lines.push(`let f${r} = prec[${r}] * mu[jd + ${r}] + state[so + ${2 * T + r}];`);
            for (let c = 0; c < r; c++) {
                lines.push(`s = ${P(r, c)};`);
                for (let k = 0; k < c; k++) lines.push(`s -= l${r}_${k} * l${c}_${k};`);
                lines.push(
                    `const l${r}_${c} = s * di${c};`,
                    `${C(r, c)} = l${r}_${c};`,
                    `f${r} -= l${r}_${c} * h${c};`
                );
            }
            lines.push(`s = ${P(r, r)} + prec[${r}];`);
            for (let k = 0; k < r; k++) lines.push(`s -= l${r}_${k} * l${r}_${k};`);
            lines.push(
                'if (!(s > 0)) return 0;',
                `const l${r}_${r} = Math.sqrt(s);`,
                `${C(r, r)} = l${r}_${r};`,
                `const di${r} = 1 / l${r}_${r};`,
                `const h${r} = f${r} * di${r};`,
                `const g${r} = h${r} + eps[jd + ${r}];`
            );
        }
        lines.push(...stickBackSolveLines(d));
        return lines.join('\n');
    });
}

/** The same computation as loops, for any d. */
export function genericStickRedraw(d: number): StickRedrawKernel {
    const T = (d * (d + 1)) / 2;
    const h = new Float64Array(d);
    const g = new Float64Array(d);
    const dinv = new Float64Array(d);
    return (state, so, prec, mu, eps, jd) => {
        const Co = so + T;
        for (let r = 0; r < d; r++) {
            const rr = Co + packed(r, 0);
            const pr = so + packed(r, 0);
            let f = prec[r] * mu[jd + r] + state[so + 2 * T + r];
            for (let c = 0; c < r; c++) {
                const cc = Co + packed(c, 0);
                let sum = state[pr + c];
                for (let k = 0; k < c; k++) sum -= state[rr + k] * state[cc + k];
                const l = sum * dinv[c];
                state[rr + c] = l;
                f -= l * h[c];
            }
            let sum = state[pr + r] + prec[r];
            for (let k = 0; k < r; k++) sum -= state[rr + k] * state[rr + k];
            if (!(sum > 0)) return 0;
            const root = Math.sqrt(sum);
            state[rr + r] = root;
            const di = 1 / root;
            dinv[r] = di;
            const hr = f * di;
            h[r] = hr;
            g[r] = hr + eps[jd + r];
        }
        return stickBackSolve(d, state, so, g, h, dinv);
    };
}
