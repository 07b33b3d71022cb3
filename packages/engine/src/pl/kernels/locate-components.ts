import { packed, unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';

/**
 * Location and squared scale of every weighed component of the held-out predictive at row x
 * (docs/method.md §3): for each c with cw[c] > 0, v = L_c^-1 x by forward substitution,
 * cmu[c] = x'm_c and cs2[c] = b_c (1 + v'v) / ca[c]. Component c's block in `blocks` is
 * `blockStride` long from c * blockStride: packed L, then m, then b, then 1 / diag(L)
 * (pl/predictive.ts). One call per row covers all G components, so the row's x is loaded once.
 */
export type LocateComponentsKernel = (
    blocks: Float64Array,
    ca: Float64Array,
    cw: Float64Array,
    G: number,
    X: Float64Array,
    xo: number,
    cmu: Float64Array,
    cs2: Float64Array
) => void;

export function locateComponentsKernel(d: number): LocateComponentsKernel {
    return d <= MAX_UNROLLED_D ? unrolledLocateComponents(d) : genericLocateComponents(d);
}

/** Offsets within a component's block: m, b and 1 / diag(L) follow the packed factor. */
function blockOffsets(d: number) {
    const mo = (d * (d + 1)) >> 1;
    return { mo, bo: mo + d, io: mo + d + 1, stride: mo + 2 * d + 1 };
}

export function unrolledLocateComponents(d: number): LocateComponentsKernel {
    return unrolledKernel<LocateComponentsKernel>(
        'locate-components',
        d,
        ['blocks', 'ca', 'cw', 'G', 'X', 'xo', 'cmu', 'cs2'],
        () => {
            const { mo, bo, io, stride } = blockOffsets(d);
            const lines: string[] = [];
            for (let r = 0; r < d; r++) lines.push(`const x${r} = X[xo + ${r}];`);
            lines.push(
                'for (let c = 0; c < G; c++) {',
                'if (!(cw[c] > 0)) continue;',
                `const o = c * ${stride};`,
                'let q = 0;',
                'let mu = 0;',
                'let s = 0;'
            );
            for (let r = 0; r < d; r++) {
                lines.push(`s = x${r};`);
                for (let k = 0; k < r; k++) lines.push(`s -= blocks[o + ${packed(r, k)}] * v${k};`);
                lines.push(
                    `const v${r} = s * blocks[o + ${io + r}];`,
                    `q += v${r} * v${r};`,
                    `mu += x${r} * blocks[o + ${mo + r}];`
                );
            }
            lines.push('cmu[c] = mu;', `cs2[c] = (blocks[o + ${bo}] * (1 + q)) / ca[c];`, '}');
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericLocateComponents(d: number): LocateComponentsKernel {
    const { mo, bo, io, stride } = blockOffsets(d);
    const v = new Float64Array(d);
    return (blocks, ca, cw, G, X, xo, cmu, cs2) => {
        for (let c = 0; c < G; c++) {
            if (!(cw[c] > 0)) continue;
            const o = c * stride;
            let q = 0;
            let mu = 0;
            for (let r = 0; r < d; r++) {
                const xr = X[xo + r];
                let s = xr;
                for (let k = 0; k < r; k++) s -= blocks[o + packed(r, k)] * v[k];
                const vr = s * blocks[o + io + r];
                v[r] = vr;
                q += vr * vr;
                mu += xr * blocks[o + mo + r];
            }
            cmu[c] = mu;
            cs2[c] = (blocks[o + bo] * (1 + q)) / ca[c];
        }
    };
}
