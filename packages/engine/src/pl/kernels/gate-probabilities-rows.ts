import { unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';

/**
 * The gate probabilities of gate-probabilities.ts (the same operations in the same order, so the
 * same numbers) for one particle at `count` consecutive design rows X[xo + r d ..), r < count,
 * into out[r K + k]. The particle's sticks phi_j are read from `phi` at base + j d (a compact
 * copy): loaded once for all the rows, where the one-row kernel reloads them row after row. The
 * held-out predictive weighs a block of rows per particle with it.
 */
export type GateProbabilitiesRowsKernel = (
    phi: Float64Array,
    base: number,
    X: Float64Array,
    xo: number,
    count: number,
    out: Float64Array
) => void;

export function gateProbabilitiesRowsKernel(d: number, sticks: number): GateProbabilitiesRowsKernel {
    return d <= MAX_UNROLLED_D ? unrolledGateProbabilitiesRows(d, sticks) : genericGateProbabilitiesRows(d, sticks);
}

export function unrolledGateProbabilitiesRows(d: number, sticks: number): GateProbabilitiesRowsKernel {
    return unrolledKernel<GateProbabilitiesRowsKernel>(
        `gate-probabilities-rows/${sticks}`,
        d,
        ['phi', 'base', 'X', 'xo', 'count', 'out'],
        () => {
            const K = sticks + 1;
            const lines: string[] = [];
            for (let j = 0; j < sticks; j++)
                for (let c = 0; c < d; c++) lines.push(`const f${j}_${c} = phi[base + ${j * d + c}];`);
            lines.push(
                'for (let r = 0; r < count; r++) {',
                `const xr = xo + r * ${d};`,
                `const o = r * ${K};`,
                'let rest = 1;',
                'let p = 0;',
                'let e = 0;',
                'let s = 0;'
            );
            for (let c = 0; c < d; c++) lines.push(`const x${c} = X[xr + ${c}];`);
            for (let j = 0; j < sticks; j++) {
                lines.push('p = 0;');
                for (let c = 0; c < d; c++) lines.push(`p += x${c} * f${j}_${c};`);
                lines.push(
                    'e = Math.exp(p > -700 ? -p : 700);',
                    's = 1 / (1 + e);',
                    `out[o + ${j}] = rest * s;`,
                    'rest *= e * s;'
                );
            }
            lines.push(`out[o + ${sticks}] = rest;`, '}');
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericGateProbabilitiesRows(d: number, sticks: number): GateProbabilitiesRowsKernel {
    const K = sticks + 1;
    return (phi, base, X, xo, count, out) => {
        for (let r = 0; r < count; r++) {
            const xr = xo + r * d;
            const o = r * K;
            let rest = 1;
            for (let j = 0; j < sticks; j++) {
                let p = 0;
                for (let c = 0; c < d; c++) p += X[xr + c] * phi[base + j * d + c];
                const e = Math.exp(p > -700 ? -p : 700);
                const s = 1 / (1 + e);
                out[o + j] = rest * s;
                rest *= e * s;
            }
            out[o + sticks] = rest;
        }
    };
}
