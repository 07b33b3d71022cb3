import { describe, expect, it } from 'vitest';
import {
    leafAtoms,
    matchAtoms,
    voronoiLoss,
    type LeafAtom
} from '../../../packages/engine/src/hmoe/estimation-error.js';
import { hierarchicalDataset, ratesSource } from '../../../packages/engine/src/hmoe/synthetic.js';
import { truthParams } from '../../../packages/engine/src/hmoe/truth.js';
import { gateInputs } from '../../../packages/engine/src/hmoe/model.js';

function trueAtoms(): LeafAtom[] {
    const source = ratesSource('laplace', 'laplace', 2000, 3);
    const data = hierarchicalDataset(source);
    const truth = truthParams(source);
    if ('reason' in truth) throw new Error(truth.reason);
    return leafAtoms(truth.shape, truth.params, gateInputs(data.X, data.n, data.d, true).Z, data.n);
}

describe('Voronoi loss and matching (docs/method.md §5.5)', () => {
    const truth = trueAtoms();

    it('leaf masses of the truth sum to one, and the loss of the truth against itself is 0', () => {
        expect(truth.reduce((s, a) => s + a.mass, 0)).toBeCloseTo(1, 12);
        expect(voronoiLoss(truth, truth)).toBe(0);
    });

    it('is invariant to relabelling, and matching undoes a permutation', () => {
        const order = [2, 0, 3, 1];
        const permuted = order.map(i => truth[i]);
        expect(voronoiLoss(permuted, truth)).toBe(0);
        const match = matchAtoms(permuted, truth);
        truth.forEach((_, j) => expect(order[match[j]]).toBe(j));
    });

    it('an over-specified fit that splits a true atom into two exact copies has loss 0; moving one copy costs mass x distance', () => {
        const split = [
            ...truth.slice(1),
            { ...truth[0], mass: truth[0].mass * 0.4 },
            { ...truth[0], mass: truth[0].mass * 0.6 }
        ];
        expect(voronoiLoss(split, truth)).toBeCloseTo(0, 14);
        const moved = split.map((a, i) =>
            i === split.length - 1 ? { ...a, coefficients: a.coefficients.map((v, j) => (j === 0 ? v + 0.05 : v)) } : a
        );
        // The moved copy stays in its cell; only its intercept changed: loss = mass * 0.05.
        expect(voronoiLoss(moved, truth)).toBeCloseTo(truth[0].mass * 0.6 * 0.05, 12);
    });
});
