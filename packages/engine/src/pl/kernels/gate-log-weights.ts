import { unrolledKernel, MAX_UNROLLED_D } from './unrolled.js';

/** Where the sticks sit in a particle block (particle-layout.ts). */
export interface StickPlacement {
    sticks: number;
    sticksOff: number;
    stickStride: number;
    stickPhi: number;
}

/**
 * Stick-breaking gate log weights of the particle at `base` at input x (docs/method.md §1.3, §2.3
 * step 1): psi_j = x' phi_j into psi[po + j], and log pi_k into logPred[lp + k] for k = 0..K-1,
 * log pi_k = sum_{j<k} log(1 - sigma(psi_j)) + log sigma(psi_k), with log sigma(p) =
 * -(max(-p, 0) + log1p(exp(-|p|))), stable for any finite p.
 */
export type GateLogWeightsKernel = (
    state: Float64Array,
    base: number,
    X: Float64Array,
    xOff: number,
    psi: Float64Array,
    po: number,
    logPred: Float64Array,
    lp: number
) => void;

export function gateLogWeightsKernel(d: number, at: StickPlacement): GateLogWeightsKernel {
    return d <= MAX_UNROLLED_D ? unrolledGateLogWeights(d, at) : genericGateLogWeights(d, at);
}

export function unrolledGateLogWeights(d: number, at: StickPlacement): GateLogWeightsKernel {
    const name = `gate-log-weights/${at.sticks}/${at.sticksOff}/${at.stickStride}/${at.stickPhi}`;
    return unrolledKernel<GateLogWeightsKernel>(
        name,
        d,
        ['state', 'base', 'X', 'xOff', 'psi', 'po', 'logPred', 'lp'],
        () => {
            const lines: string[] = ['let rest = 0;', 'let p = 0;', 'let ls = 0;'];
            for (let c = 0; c < d; c++) lines.push(`const x${c} = X[xOff + ${c}];`);
            for (let j = 0; j < at.sticks; j++) {
                lines.push(
                    ...stickPsiLines(d, at, j),
                    'ls = -((p < 0 ? -p : 0) + Math.log1p(Math.exp(-Math.abs(p))));',
                    `logPred[lp + ${j}] = rest + ls;`,
                    'rest += ls - p;'
                );
            }
            lines.push(`logPred[lp + ${at.sticks}] = rest;`);
            return lines.join('\n');
        }
    );
}

/** The same computation as loops, for any d. */
export function genericGateLogWeights(d: number, at: StickPlacement): GateLogWeightsKernel {
    return (state, base, X, xOff, psi, po, logPred, lp) => {
        let rest = 0;
        for (let j = 0; j < at.sticks; j++) {
            const p = stickPsi(d, at, state, base, X, xOff, j);
            psi[po + j] = p;
            const ls = -((p < 0 ? -p : 0) + Math.log1p(Math.exp(-Math.abs(p))));
            logPred[lp + j] = rest + ls;
            rest += ls - p;
        }
        logPred[lp + at.sticks] = rest;
    };
}

/** Lines computing p = x' phi_j (x in locals x0..x{d-1}) and storing it in psi[po + j]. */
export function stickPsiLines(d: number, at: StickPlacement, j: number): string[] {
    const so = at.sticksOff + j * at.stickStride + at.stickPhi;
    const lines = ['p = 0;'];
    for (let c = 0; c < d; c++) lines.push(`p += x${c} * state[base + ${so + c}];`);
    lines.push(`psi[po + ${j}] = p;`);
    return lines;
}

/** x' phi_j for the particle at `base`, as a loop. */
export function stickPsi(
    d: number,
    at: StickPlacement,
    state: Float64Array,
    base: number,
    X: Float64Array,
    xOff: number,
    j: number
): number {
    const so = base + at.sticksOff + j * at.stickStride + at.stickPhi;
    let p = 0;
    for (let c = 0; c < d; c++) p += X[xOff + c] * state[so + c];
    return p;
}
