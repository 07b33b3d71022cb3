import type { Dataset } from '../data/dataset.js';
import { generateHierarchical } from '../data/generators/hierarchical.js';
import type { GateKind, HierarchicalSource } from '../plan/types.js';

/**
 * The true model of the HMOE-RATES protocol (method.md §5.5): d = 2, x ~ U[-1, 1]^2, k1 = k2 = 2,
 * the same parameter values for every gate combination (only the gate's functional form changes).
 */
export function ratesSource(outer: GateKind, inner: GateKind, n: number, seed: number): HierarchicalSource {
    return {
        kind: 'hierarchical', n, inputs: 2, inputRange: { low: -1, high: 1 },
        outer: { gate: outer, weights: [[1, 0.5], [-1, -0.5]], bias: [0, 0] },
        inner: [
            { gate: inner, weights: [[0.5, -1], [-0.5, 1]], bias: [0, 0] },
            { gate: inner, weights: [[1, 1], [-1, -1]], bias: [0, 0] },
        ],
        experts: [
            [{ coefficients: [1, 2, -1], variance: 0.1 }, { coefficients: [-1, -2, 1], variance: 0.1 }],
            [{ coefficients: [0.5, 1, 2], variance: 0.1 }, { coefficients: [-0.5, -1, -2], variance: 0.1 }],
        ],
        intercept: true, seed,
    };
}

/**
 * A synchronous Dataset from the hierarchical generator (the same rows `loadStream` gives for
 * this source), for experiments and benchmarks that fit many generated data sets.
 */
export function hierarchicalDataset(source: HierarchicalSource, name = 'train'): Dataset {
    const sample = generateHierarchical(source);
    const { n, p } = sample;
    const d = p + (source.intercept ? 1 : 0);
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
        if (source.intercept) X[i * d] = 1;
        X.set(sample.x.subarray(i * p, (i + 1) * p), i * d + (source.intercept ? 1 : 0));
    }
    const inputs = Array.from({ length: p }, (_, j) => `x${j + 1}`);
    return {
        name, n, d, X, y: sample.y,
        columns: source.intercept ? ['(intercept)', ...inputs] : inputs,
        lines: new Int32Array(0), source, firstRow: 0,
    };
}
