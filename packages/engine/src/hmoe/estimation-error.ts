import { leafLogWeights, newEStepBuffers } from './e-step.js';
import { leafCount, type HmoeParams, type HmoeShape } from './model.js';

/** One leaf as an atom of the mixing measure: expert parameters and data-averaged gate mass. */
export interface LeafAtom {
    /** Expert coefficients, intercept first. */
    coefficients: Float64Array;
    variance: number;
    /** w_i = (1/n) sum_n g1(x_n) g2(x_n) (docs/method.md §5.5). */
    mass: number;
}

/** Data-averaged leaf masses and expert parameters of a fit on gate inputs Z. */
export function leafAtoms(shape: HmoeShape, params: HmoeParams, Z: Float64Array, n: number): LeafAtom[] {
    const L = leafCount(shape);
    const buffers = newEStepBuffers(shape, n);
    const logW = new Float64Array(n * L);
    leafLogWeights(shape, params, Z, n, buffers, logW);
    const mass = new Float64Array(L);
    for (let i = 0; i < n; i++) for (let l = 0; l < L; l++) mass[l] += Math.exp(logW[i * L + l]) / n;
    return Array.from({ length: L }, (_, l) => ({
        coefficients: params.coefficients.slice(l * shape.d, (l + 1) * shape.d),
        variance: params.variances[l],
        mass: mass[l]
    }));
}

/** Euclidean distance between two atoms' (intercept, slopes, variance). */
export function atomDistance(a: LeafAtom, b: LeafAtom): number {
    let s = (a.variance - b.variance) ** 2;
    for (let j = 0; j < a.coefficients.length; j++) s += (a.coefficients[j] - b.coefficients[j]) ** 2;
    return Math.sqrt(s);
}

/**
 * Simplified Voronoi loss of docs/method.md §5.5:
 * D = sum_j |sum_{i in A_j} w_i - w*_j| + sum_j sum_{i in A_j} w_i (||eta_i - eta*_j|| + |tau_i - tau*_j| + |nu_i - nu*_j|),
 * where the cell A_j holds the fitted atoms nearest to true atom j in (eta, tau, nu). The
 * intercept tau is coefficient 0 and eta the remaining coefficients.
 */
export function voronoiLoss(fitted: LeafAtom[], truth: LeafAtom[]): number {
    const cellMass = new Float64Array(truth.length);
    let loss = 0;
    for (const atom of fitted) {
        let cell = 0;
        let best = Infinity;
        truth.forEach((t, j) => {
            const dist = atomDistance(atom, t);
            if (dist < best) {
                best = dist;
                cell = j;
            }
        });
        const t = truth[cell];
        cellMass[cell] += atom.mass;
        let eta = 0;
        for (let j = 1; j < atom.coefficients.length; j++) eta += (atom.coefficients[j] - t.coefficients[j]) ** 2;
        loss +=
            atom.mass *
            (Math.sqrt(eta) +
                Math.abs(atom.coefficients[0] - t.coefficients[0]) +
                Math.abs(atom.variance - t.variance));
    }
    truth.forEach((t, j) => {
        loss += Math.abs(cellMass[j] - t.mass);
    });
    return loss;
}

/**
 * Matching of fitted to true atoms minimising the total atom distance (docs/method.md §5.5, exact
 * case): all permutations for up to 8 atoms; beyond, each true atom in turn takes its nearest
 * free fitted atom. With more fitted than true atoms the extra fitted atoms stay unmatched.
 * Returns match[j] = fitted index of true atom j.
 */
export function matchAtoms(fitted: LeafAtom[], truth: LeafAtom[]): number[] {
    const cost = truth.map(t => fitted.map(f => atomDistance(f, t)));
    const J = truth.length;
    const I = fitted.length;
    if (J > I) throw new RangeError('more true atoms than fitted atoms');
    if (I <= 8) {
        let best: number[] = [];
        let bestCost = Infinity;
        const used = new Array<boolean>(I).fill(false);
        const current: number[] = [];
        const recurse = (j: number, acc: number): void => {
            if (acc >= bestCost) return;
            if (j === J) {
                bestCost = acc;
                best = current.slice();
                return;
            }
            for (let i = 0; i < I; i++) {
                if (used[i]) continue;
                used[i] = true;
                current.push(i);
                recurse(j + 1, acc + cost[j][i]);
                current.pop();
                used[i] = false;
            }
        };
        recurse(0, 0);
        return best;
    }
    const used = new Set<number>();
    return cost.map(row => {
        let pick = -1;
        row.forEach((c, i) => {
            if (!used.has(i) && (pick < 0 || c < row[pick])) pick = i;
        });
        used.add(pick);
        return pick;
    });
}

/** Mean absolute error of the matched experts' coefficients (intercept and slopes). */
export function matchedCoefficientError(fitted: LeafAtom[], truth: LeafAtom[], match: number[]): number {
    let total = 0;
    let count = 0;
    truth.forEach((t, j) => {
        const f = fitted[match[j]];
        for (let u = 0; u < t.coefficients.length; u++) {
            total += Math.abs(f.coefficients[u] - t.coefficients[u]);
            count++;
        }
    });
    return count > 0 ? total / count : 0;
}
