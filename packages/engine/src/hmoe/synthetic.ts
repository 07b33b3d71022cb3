import type { Dataset } from '../data/dataset.js';
import { generateHierarchical } from '../data/generators/hierarchical.js';
import type { HierarchicalSource } from '../plan/types.js';

/** The HMOE-RATES truth with the given gate kinds (docs/method.md §5.5), defined once in plan/hmoe-rates-truth.ts. */
export { hmoeRatesSource as ratesSource } from '../plan/hmoe-rates-truth.js';

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
        name,
        n,
        d,
        X,
        y: sample.y,
        columns: source.intercept ? ['(intercept)', ...inputs] : inputs,
        lines: new Int32Array(0),
        source,
        firstRow: 0
    };
}
