import { describe, expect, it } from 'vitest';
import { sourceInputRanges } from '../../packages/extension/src/extension/input-ranges.js';

describe('input ranges known from the plan', () => {
    it("take a hierarchical generator's declared uniform range", () => {
        const ranges = sourceInputRanges({
            kind: 'hierarchical',
            n: 10,
            inputs: 2,
            inputRange: { low: -2, high: 4 },
            intercept: true,
            seed: 1,
            outer: { gate: 'softmax', weights: [[0, 0]], bias: [0] },
            inner: [],
            experts: []
        });
        expect(ranges).toEqual([
            { min: -2, max: 4, mean: 1 },
            { min: -2, max: 4, mean: 1 }
        ]);
    });

    it('treat normal generators and standardised CSV inputs as z-scores', () => {
        expect(
            sourceInputRanges({
                kind: 'shift',
                n: 10,
                inputs: 1,
                shiftAt: 5,
                intercept: true,
                seed: 1,
                before: { coefficients: [0, 1], variance: 1 },
                after: { coefficients: [0, 1], variance: 1 }
            })
        ).toEqual([{ min: -3, max: 3, mean: 0 }]);
        expect(
            sourceInputRanges({
                kind: 'csv',
                path: '/d.csv',
                target: 'y',
                inputs: ['a', 'b'],
                intercept: true,
                standardize: true,
                standardizeTarget: false
            })
        ).toHaveLength(2);
    });

    it('know nothing of raw CSV columns', () => {
        expect(
            sourceInputRanges({
                kind: 'csv',
                path: '/d.csv',
                target: 'y',
                inputs: ['a'],
                intercept: true,
                standardize: false,
                standardizeTarget: false
            })
        ).toBeUndefined();
    });
});
