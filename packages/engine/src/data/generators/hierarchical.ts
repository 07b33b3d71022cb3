/**
 * The two-level hierarchical generator (docs/method.md §5.1, §5.5 HMOE-RATES): x ~ U[low, high]^p,
 * the outer gate picks i1, the inner gate of i1 picks i2, and y = β_{i1 i2}'(1, x) + √ν ε.
 * Each level is softmax (score w'x + b) or Laplace (score -||w - x|| + b), as the plan says.
 * Draw order per observation, from `Rng.stream(seed, 'data')`: x (p uniforms), u1, u2, ε.
 */
import { Rng } from '../../random/rng.js';
import type { HierarchicalSource } from '../../plan/types.js';
import { drawCategory, gateLevelProbabilities, linearPredictor, type SyntheticSample } from './categorical.js';

/** Leaf index (outer-major) of expert [i1][i2]: the offset of group i1 plus i2. */
export function leafOffsets(source: HierarchicalSource): number[] {
    const offsets: number[] = [];
    let total = 0;
    for (const group of source.experts) {
        offsets.push(total);
        total += group.length;
    }
    return offsets;
}

/** Joint leaf probabilities g1(i1|x) g2(i2|i1,x) at x, outer-major. */
export function hierarchicalLeafProbabilities(source: HierarchicalSource, x: ArrayLike<number>): Float64Array {
    const outer = gateLevelProbabilities(source.outer, x, new Float64Array(source.outer.bias.length));
    const offsets = leafOffsets(source);
    const leaves = new Float64Array(offsets[offsets.length - 1]! + source.experts[source.experts.length - 1]!.length);
    source.inner.forEach((level, i1) => {
        const inner = gateLevelProbabilities(level, x, new Float64Array(level.bias.length));
        for (let i2 = 0; i2 < inner.length; i2++) leaves[offsets[i1]! + i2] = outer[i1]! * inner[i2]!;
    });
    return leaves;
}

/** The first `rows` observations of the stream (default: all n); z is the leaf index. */
export function generateHierarchical(source: HierarchicalSource, rows = source.n): SyntheticSample {
    const p = source.inputs;
    const { low, high } = source.inputRange;
    const rng = Rng.stream(source.seed, 'data');
    const offsets = leafOffsets(source);
    const outerProbabilities = new Float64Array(source.outer.bias.length);
    const innerProbabilities = source.inner.map(level => new Float64Array(level.bias.length));
    const sd = source.experts.map(group => group.map(e => Math.sqrt(e.variance)));
    const x = new Float64Array(rows * p);
    const y = new Float64Array(rows);
    const z = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
        const xi = x.subarray(i * p, (i + 1) * p);
        for (let j = 0; j < p; j++) xi[j] = low + (high - low) * rng.uniform();
        const i1 = drawCategory(gateLevelProbabilities(source.outer, xi, outerProbabilities), rng.uniform());
        const i2 = drawCategory(gateLevelProbabilities(source.inner[i1]!, xi, innerProbabilities[i1]!), rng.uniform());
        const expert = source.experts[i1]![i2]!;
        z[i] = offsets[i1]! + i2;
        y[i] = linearPredictor(expert.coefficients, xi, p) + sd[i1]![i2]! * rng.normal();
    }
    return { n: rows, p, x, y, z };
}
