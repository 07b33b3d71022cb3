import type { Rng } from '../random/rng.js';
import { maximiseGateLevel } from './gate-m-step.js';
import { expertMStep } from './expert-m-step.js';
import { leafCount, newParams, type GateLevel, type HmoeParams } from './model.js';
import type { EmProblem } from './problem.js';
import type { GateTargets } from './gates.js';

/** Gate steps when gates are fitted to a fixed initial partition (more than in EM: one-off cost). */
const INITIAL_GATE_STEPS = 4;

/**
 * A random soft partition of the data into the leaves (docs/method.md §5.3 (i)): each leaf gets a seed
 * observation drawn at random, every observation goes mostly (0.9) to the nearest seed in the
 * standardised joint (z, y) space and evenly over the leaves for the rest. Nearest-seed cells
 * give the experts distinct starting fits, which a uniform random partition does not (all its
 * cells regress on the same data).
 */
export function randomPartition(problem: EmProblem, rng: Rng): Float64Array {
    const { n, Z, y } = problem;
    const { p } = problem.shape;
    const L = leafCount(problem.shape);
    const q = p + 1;
    const mean = new Float64Array(q);
    const sd = new Float64Array(q);
    const at = (i: number, u: number): number => (u < p ? Z[i * p + u] : y[i]);
    for (let i = 0; i < n; i++) for (let u = 0; u < q; u++) mean[u] += at(i, u) / n;
    for (let i = 0; i < n; i++) for (let u = 0; u < q; u++) sd[u] += (at(i, u) - mean[u]) ** 2 / n;
    for (let u = 0; u < q; u++) sd[u] = sd[u] > 0 ? Math.sqrt(sd[u]) : 1;
    const seeds: number[] = [];
    while (seeds.length < Math.min(L, n)) {
        const s = rng.integer(n);
        if (!seeds.includes(s)) seeds.push(s);
    }
    while (seeds.length < L) seeds.push(rng.integer(n));
    const resp = new Float64Array(n * L).fill(0.1 / L);
    for (let i = 0; i < n; i++) {
        let best = 0;
        let bestDist = Infinity;
        for (let l = 0; l < L; l++) {
            let dist = 0;
            for (let u = 0; u < q; u++) dist += ((at(i, u) - at(seeds[l], u)) / sd[u]) ** 2;
            if (dist < bestDist) {
                bestDist = dist;
                best = l;
            }
        }
        resp[i * L + best] += 0.9;
    }
    return resp;
}

/**
 * Parameters from a responsibility matrix (n x leaves, outer-major): the experts by the
 * weighted least-squares M-step, the gates by the gate M-step on the implied targets. Softmax
 * gates start at zero (their objective is concave, so the start does not matter); Laplace
 * centres start at each branch's responsibility-weighted mean input, or at a random data point
 * when `rng` is given (docs/method.md §5.3 (i)).
 */
export function paramsFromResponsibilities(problem: EmProblem, resp: Float64Array, rng?: Rng): HmoeParams {
    const { shape, n, X, Z, y } = problem;
    const { k1, k2, d, p } = shape;
    const L = leafCount(shape);
    const params = newParams(shape);
    let total = 0;
    for (let i = 0; i < n; i++) total += y[i];
    const yMean = total / n;
    const report = expertMStep(params, X, y, n, d, L, resp, problem.varianceFloor);
    for (const l of report.emptyLeaves) {
        params.coefficients.fill(0, l * d, (l + 1) * d);
        if (problem.shape.d > 0 && d > 0) params.coefficients[l * d] = yMean;
        params.variances[l] = Math.max(problem.varianceFloor, 1);
    }
    const outerT = new Float64Array(n * k1);
    for (let i = 0; i < n; i++) {
        for (let i1 = 0; i1 < k1; i1++) {
            let h = 0;
            for (let i2 = 0; i2 < k2; i2++) h += resp[i * L + i1 * k2 + i2];
            outerT[i * k1 + i1] = h;
        }
    }
    const start = (level: GateLevel, targets: GateTargets): void => {
        if (level.kind !== 'laplace') return;
        for (let j = 0; j < level.k; j++) {
            if (rng) {
                const row = rng.integer(n);
                for (let u = 0; u < p; u++) level.weights[j * p + u] = Z[row * p + u];
                continue;
            }
            let m = 0;
            const acc = new Float64Array(p);
            for (let i = 0; i < n; i++) {
                const t = targets.T[i * targets.stride + targets.offset + j];
                m += t;
                for (let u = 0; u < p; u++) acc[u] += t * Z[i * p + u];
            }
            for (let u = 0; u < p; u++) level.weights[j * p + u] = m > 0 ? acc[u] / m : 0;
        }
    };
    const outerTargets = { T: outerT, stride: k1, offset: 0 };
    start(params.outer, outerTargets);
    maximiseGateLevel(params.outer, Z, n, outerTargets, { maxSteps: INITIAL_GATE_STEPS, relativeTolerance: 1e-10 });
    for (let i1 = 0; i1 < k1; i1++) {
        const targets = { T: resp, stride: L, offset: i1 * k2 };
        start(params.inner[i1], targets);
        maximiseGateLevel(params.inner[i1], Z, n, targets, { maxSteps: INITIAL_GATE_STEPS, relativeTolerance: 1e-10 });
    }
    return params;
}

/** Enumerations of balanced groupings tried before falling back to a greedy grouping. */
const MAX_GROUPINGS = 20000;

/**
 * Groups L = k1 k2 leaves into k1 groups of k2 (docs/method.md §5.3 (ii)) minimising the within-group
 * sum of squared distances of the leaves' features (k-means objective with balanced groups):
 * exhaustive when the number of groupings is small, greedy (each group: a free leaf and its
 * k2 - 1 nearest free leaves) otherwise. Returns the leaves in group order.
 */
export function groupLeaves(features: Float64Array[], k1: number, k2: number): number[] {
    return rankGroupings(features, k1, k2, 1)[0];
}

/**
 * The `count` balanced groupings of lowest within-group scatter (see groupLeaves), best first,
 * each as the leaves in group order; only the greedy grouping when there are too many to enumerate.
 */
export function rankGroupings(features: Float64Array[], k1: number, k2: number, count: number): number[][] {
    const L = features.length;
    const dist = (a: number, b: number): number => {
        let s = 0;
        for (let u = 0; u < features[a].length; u++) s += (features[a][u] - features[b][u]) ** 2;
        return s;
    };
    // Within-group scatter of a group = (1/k2) sum of pairwise squared distances.
    const scatter = (group: number[]): number => {
        let s = 0;
        for (let a = 0; a < group.length; a++) for (let b = a + 1; b < group.length; b++) s += dist(group[a], group[b]);
        return s / group.length;
    };
    const found: { cost: number; order: number[] }[] = [];
    let visited = 0;
    const free = new Array<boolean>(L).fill(true);
    const groups: number[][] = [];
    const recurse = (): void => {
        if (visited > MAX_GROUPINGS) return;
        const first = free.indexOf(true);
        if (first < 0) {
            visited++;
            found.push({ cost: groups.reduce((acc, g) => acc + scatter(g), 0), order: groups.flat() });
            return;
        }
        free[first] = false;
        const pick = (group: number[], from: number): void => {
            if (group.length === k2) {
                groups.push(group.slice());
                recurse();
                groups.pop();
                return;
            }
            for (let c = from; c < L; c++) {
                if (!free[c]) continue;
                free[c] = false;
                group.push(c);
                pick(group, c + 1);
                group.pop();
                free[c] = true;
            }
        };
        pick([first], first + 1);
        free[first] = true;
    };
    recurse();
    if (found.length > 0 && visited <= MAX_GROUPINGS) {
        // Stable sort: ties keep enumeration order, so the choice is deterministic.
        return found
            .sort((a, b) => a.cost - b.cost)
            .slice(0, Math.max(1, count))
            .map(f => f.order);
    }
    const order: number[] = [];
    const left = new Set(Array.from({ length: L }, (_, i) => i));
    while (left.size > 0) {
        const first = Math.min(...left);
        left.delete(first);
        const near = [...left].sort((a, b) => dist(first, a) - dist(first, b)).slice(0, k2 - 1);
        for (const c of near) left.delete(c);
        order.push(first, ...near);
    }
    return [order];
}
