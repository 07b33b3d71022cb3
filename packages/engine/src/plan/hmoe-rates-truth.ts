import type { GateKind, HierarchicalSource } from './types.js';

/**
 * The HMOE-RATES truth (docs/method.md §5.5): d = 2, x ~ U[-1, 1]^2, two outer branches of two leaves,
 * the same numbers for every gate kind (softmax slopes or Laplace centres). The one definition:
 * the language's `hierarchical(...)` defaults and the rates experiments both read it.
 */
export const HMOE_RATES_TRUTH = {
    outerWeights: [
        [1, 0.5],
        [-1, -0.5]
    ],
    outerBias: [0, 0],
    innerWeights: [
        [
            [0.5, -1],
            [-0.5, 1]
        ],
        [
            [1, 1],
            [-1, -1]
        ]
    ],
    innerBias: [
        [0, 0],
        [0, 0]
    ],
    /** Intercept tau first, then eta. */
    coefficients: [
        [
            [1, 2, -1],
            [-1, -2, 1]
        ],
        [
            [0.5, 1, 2],
            [-0.5, -1, -2]
        ]
    ],
    variances: [
        [0.1, 0.1],
        [0.1, 0.1]
    ]
} as const;

/** The HMOE-RATES truth as a generator source with the given gate kinds. */
export function hmoeRatesSource(outer: GateKind, inner: GateKind, n: number, seed: number): HierarchicalSource {
    const t = HMOE_RATES_TRUTH;
    return {
        kind: 'hierarchical',
        n,
        inputs: 2,
        inputRange: { low: -1, high: 1 },
        outer: { gate: outer, weights: t.outerWeights.map(w => [...w]), bias: [...t.outerBias] },
        inner: t.innerWeights.map((weights, i1) => ({
            gate: inner,
            weights: weights.map(w => [...w]),
            bias: [...t.innerBias[i1]!]
        })),
        experts: t.coefficients.map((group, i1) =>
            group.map((coefficients, i2) => ({ coefficients: [...coefficients], variance: t.variances[i1]![i2]! }))
        ),
        intercept: true,
        seed
    };
}
