import { unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';
import { stickPsi, stickPsiLines, type StickPlacement } from './gate-log-weights.js';

/**
 * Stick-breaking gate probabilities of the particle at `base` at input x, in linear space
 * (docs/method.md §1.3): psi_j = x' phi_j into psi[po + j], and pi_k into out[lp + k],
 * pi_k = sigma(psi_k) prod_{j<k} (1 - sigma(psi_j)), with e = exp(-psi), sigma = 1/(1 + e) and
 * 1 - sigma = e sigma: quotients and products only, so neither cancels for either sign of psi
 * (and no branch on the sign). psi below -700 is taken as -700 so that e stays finite; that
 * changes only factors below 1e-304. Products of many small factors can underflow; the filter
 * checks the particle's total and falls back to `GateLogWeightsKernel` when it is tiny.
 */
export type GateProbabilitiesKernel = (
    state: Float64Array,
    base: number,
    X: Float64Array,
    xOff: number,
    psi: Float64Array,
    po: number,
    out: Float64Array,
    lp: number
) => void;

export function gateProbabilitiesKernel(d: number, at: StickPlacement): GateProbabilitiesKernel {
    return d <= MAX_UNROLLED_D ? unrolledGateProbabilities(d, at) : genericGateProbabilities(d, at);
}

export function unrolledGateProbabilities(d: number, at: StickPlacement): GateProbabilitiesKernel {
    const name = `gate-probabilities/${at.sticks}/${at.sticksOff}/${at.stickStride}/${at.stickPhi}`;
    return unrolledKernel<GateProbabilitiesKernel>(
        name,
        d,
        ['state', 'base', 'X', 'xOff', 'psi', 'po', 'out', 'lp'],
        () => {
            const lines: string[] = ['let rest = 1;', 'let p = 0;', 'let e = 0;', 'let s = 0;'];
            for (let c = 0; c < d; c++) lines.push(`const x${c} = X[xOff + ${c}];`);
            for (let j = 0; j < at.sticks; j++) {
                lines.push(
                    ...stickPsiLines(d, at, j),
                    'e = Math.exp(p > -700 ? -p : 700);',
                    's = 1 / (1 + e);',
                    `out[lp + ${j}] = rest * s;`,
                    'rest *= e * s;'
                );
            }
            lines.push(`out[lp + ${at.sticks}] = rest;`);
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericGateProbabilities(d: number, at: StickPlacement): GateProbabilitiesKernel {
    return (state, base, X, xOff, psi, po, out, lp) => {
        let rest = 1;
        for (let j = 0; j < at.sticks; j++) {
            const p = stickPsi(d, at, state, base, X, xOff, j);
            psi[po + j] = p;
            const e = Math.exp(p > -700 ? -p : 700);
            const s = 1 / (1 + e);
            out[lp + j] = rest * s;
            rest *= e * s;
        }
        out[lp + at.sticks] = rest;
    };
}
