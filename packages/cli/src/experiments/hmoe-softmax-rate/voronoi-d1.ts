/**
 * The Voronoi loss D1 of the exact-fitted softmax-gated Gaussian MoE (Nguyen, Nguyen & Ho 2023,
 * §3; CRPE-SGaME discrepancies.py): with G = Σ_i exp(β0i) δ(β1i, a_i, b_i, σ_i),
 *   D1(G, G*) = Σ_j |Σ_{i∈A_j} exp(β0i) − exp(β0j*)|
 *             + Σ_j Σ_{i∈A_j} exp(β0i) (|Δβ1ij| + |Δa_ij| + |Δb_ij| + |Δσ_ij|),
 * where the cell A_j holds the fitted atoms nearest to true atom j in that same distance
 * |Δβ1| + |Δa| + |Δb| + |Δσ| (d = 1, so every norm is an absolute value). Gate parameters are
 * taken with the last expert pinned at zero, as both the truth and the fit are written.
 *
 * One deliberate difference from the public code: when two fitted atoms share a cell, the code
 * adds nothing for their parameters in the exact-fitted case; here every atom counts, as in the
 * paper's definition.
 */
export interface SoftmaxAtom {
    gateIntercept: number;
    gateSlope: number;
    expertIntercept: number;
    expertSlope: number;
    variance: number;
}

export function atomDistance(a: SoftmaxAtom, b: SoftmaxAtom): number {
    return (
        Math.abs(a.gateSlope - b.gateSlope) +
        Math.abs(a.expertSlope - b.expertSlope) +
        Math.abs(a.expertIntercept - b.expertIntercept) +
        Math.abs(a.variance - b.variance)
    );
}

/** Index of the true atom whose cell holds `atom` (ties: the first). */
export function voronoiCell(atom: SoftmaxAtom, truth: SoftmaxAtom[]): number {
    let cell = 0;
    for (let j = 1; j < truth.length; j++)
        if (atomDistance(atom, truth[j]!) < atomDistance(atom, truth[cell]!)) cell = j;
    return cell;
}

export function voronoiD1(fitted: SoftmaxAtom[], truth: SoftmaxAtom[]): number {
    const cellWeight = new Float64Array(truth.length);
    let loss = 0;
    for (const atom of fitted) {
        const j = voronoiCell(atom, truth);
        const w = Math.exp(atom.gateIntercept);
        cellWeight[j] += w;
        loss += w * atomDistance(atom, truth[j]!);
    }
    truth.forEach((t, j) => {
        loss += Math.abs(cellWeight[j]! - Math.exp(t.gateIntercept));
    });
    return loss;
}
