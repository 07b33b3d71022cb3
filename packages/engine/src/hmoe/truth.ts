import type { HierarchicalSource } from '../plan/types.js';
import { newParams, type HmoeParams, type HmoeShape } from './model.js';

/**
 * The generator's true parameters in the fit's layout, or a reason why they do not fit it
 * (the generator's experts are always intercept-first, so a design without an intercept column
 * cannot hold them; a ragged tree or other gate kinds or sizes do not match the model either).
 */
export function truthParams(source: HierarchicalSource): { shape: HmoeShape; params: HmoeParams } | { reason: string } {
    if (!source.intercept) return { reason: 'the generator has intercepts but the design has no intercept column' };
    const k1 = source.experts.length;
    const k2 = source.experts[0]?.length ?? 0;
    if (source.experts.some(group => group.length !== k2) || source.inner.length !== k1) {
        return { reason: "the generator's tree is not balanced" };
    }
    const innerGates = new Set(source.inner.map(level => level.gate));
    if (innerGates.size > 1) return { reason: "the generator's inner gates are of different kinds" };
    const p = source.inputs;
    const shape: HmoeShape = {
        k1,
        k2,
        outerGate: source.outer.gate,
        innerGate: source.inner[0]?.gate ?? 'softmax',
        d: p + 1,
        p
    };
    const params = newParams(shape);
    const setLevel = (target: HmoeParams['outer'], from: HierarchicalSource['outer']): void => {
        for (let j = 0; j < target.k; j++) {
            target.bias[j] = from.bias[j];
            for (let u = 0; u < p; u++) target.weights[j * p + u] = from.weights[j][u];
        }
    };
    setLevel(params.outer, source.outer);
    source.inner.forEach((level, i1) => setLevel(params.inner[i1], level));
    source.experts.forEach((group, i1) =>
        group.forEach((expert, i2) => {
            const leaf = i1 * k2 + i2;
            params.coefficients.set(expert.coefficients, leaf * (p + 1));
            params.variances[leaf] = expert.variance;
        })
    );
    return { shape, params };
}
