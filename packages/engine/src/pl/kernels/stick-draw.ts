import { packed, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';

/**
 * Draw of one stick's coefficients from its current factor (docs/method.md §1.5, §6.4):
 * phi = C^-T (C^-1 h + eps), h = diag(prec) mu + r, C C' = diag(prec) + P already in place.
 * Arguments as `StickRedrawKernel`; returns 1 when phi is finite, else 2.
 */
export type StickDrawKernel = (
    state: Float64Array,
    so: number,
    prec: Float64Array,
    mu: Float64Array,
    eps: Float64Array,
    jd: number
) => number;

export function stickDrawKernel(d: number): StickDrawKernel {
    return d <= MAX_UNROLLED_D ? unrolledStickDraw(d) : genericStickDraw(d);
}

export function unrolledStickDraw(d: number): StickDrawKernel {
    return unrolledKernel<StickDrawKernel>('stick-draw', d, ['state', 'so', 'prec', 'mu', 'eps', 'jd'], () => {
        const T = (d * (d + 1)) / 2;
        const lines: string[] = ['let s = 0;'];
        for (let r = 0; r < d; r++) {
            for (let c = 0; c <= r; c++) lines.push(`const l${r}_${c} = state[so + ${T + packed(r, c)}];`);
            lines.push(`const di${r} = 1 / l${r}_${r};`);
        }
        for (let r = 0; r < d; r++) {
            lines.push(`s = prec[${r}] * mu[jd + ${r}] + state[so + ${2 * T + r}];`);
            for (let c = 0; c < r; c++) lines.push(`s -= l${r}_${c} * h${c};`);
            lines.push(`const h${r} = s * di${r};`, `const g${r} = h${r} + eps[jd + ${r}];`);
        }
        lines.push(...stickBackSolveLines(d));
        return lines.join('\n');
    });
}

/** The same computation as loops, for any d. */
export function genericStickDraw(d: number): StickDrawKernel {
    const T = (d * (d + 1)) / 2;
    const h = new Float64Array(d);
    const g = new Float64Array(d);
    const dinv = new Float64Array(d);
    return (state, so, prec, mu, eps, jd) => {
        const Co = so + T;
        for (let r = 0; r < d; r++) dinv[r] = 1 / state[Co + packed(r, r)];
        for (let r = 0; r < d; r++) {
            let sum = prec[r] * mu[jd + r] + state[so + 2 * T + r];
            for (let c = 0; c < r; c++) sum -= state[Co + packed(r, c)] * h[c];
            const hr = sum * dinv[r];
            h[r] = hr;
            g[r] = hr + eps[jd + r];
        }
        return stickBackSolve(d, state, so, g, h, dinv);
    };
}

/**
 * Lines of the last step of both stick draws: phi = C^-T g from the locals l{r}_{c} (C), di{r}
 * (1 / C_rr) and g{r}, written to the stick's phi; returns 1 when phi is finite, else 2.
 */
export function stickBackSolveLines(d: number): string[] {
    const T = (d * (d + 1)) / 2;
    const lines = ['let check = 0;'];
    for (let r = d - 1; r >= 0; r--) {
        lines.push(`s = g${r};`);
        for (let c = r + 1; c < d; c++) lines.push(`s -= l${c}_${r} * p${c};`);
        lines.push(`const p${r} = s * di${r};`, `state[so + ${2 * T + d + r}] = p${r};`, `check += p${r};`);
    }
    lines.push('return check - check !== 0 ? 2 : 1;');
    return lines;
}

/** `stickBackSolveLines` as loops: phi = C^-T g with dinv = 1 / diag(C); h is scratch. */
export function stickBackSolve(
    d: number,
    state: Float64Array,
    so: number,
    g: Float64Array,
    h: Float64Array,
    dinv: Float64Array
): number {
    const T = (d * (d + 1)) / 2;
    const Co = so + T;
    let check = 0;
    for (let r = d - 1; r >= 0; r--) {
        let sum = g[r];
        for (let c = r + 1; c < d; c++) sum -= state[Co + packed(c, r)] * h[c];
        const v = sum * dinv[r];
        h[r] = v;
        state[so + 2 * T + d + r] = v;
        check += v;
    }
    return check - check !== 0 ? 2 : 1;
}
