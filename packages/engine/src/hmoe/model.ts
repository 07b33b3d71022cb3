import type { GateKind } from '../plan/types.js';

/**
 * Parameters of a two-level hierarchical mixture of Gaussian linear experts (docs/method.md §5.1),
 * held in flat typed arrays so the E-step and gradient loops index them directly.
 *
 * Gate scores use the gate inputs z (the design row without its intercept column):
 * softmax s_k = a_k'z + b_k, Laplace s_k = -||a_k - z|| + b_k. Experts use the full design row.
 * Leaves are numbered outer-major: leaf = i1 * k2 + i2.
 */
export interface GateLevel {
    kind: GateKind;
    /** Number of branches. */
    k: number;
    /** Number of gate inputs. */
    p: number;
    /** k x p, row-major: softmax slopes or Laplace centres. */
    weights: Float64Array;
    bias: Float64Array;
}

export interface HmoeShape {
    k1: number;
    k2: number;
    outerGate: GateKind;
    innerGate: GateKind;
    /** Design columns (experts), intercept included when present. */
    d: number;
    /** Gate inputs. */
    p: number;
}

export interface HmoeParams {
    outer: GateLevel;
    inner: GateLevel[];
    /** leaves x d, row-major. */
    coefficients: Float64Array;
    /** One noise variance per leaf. */
    variances: Float64Array;
}

export function leafCount(shape: HmoeShape): number {
    return shape.k1 * shape.k2;
}

export function newGateLevel(kind: GateKind, k: number, p: number): GateLevel {
    return { kind, k, p, weights: new Float64Array(k * p), bias: new Float64Array(k) };
}

export function newParams(shape: HmoeShape): HmoeParams {
    const leaves = leafCount(shape);
    return {
        outer: newGateLevel(shape.outerGate, shape.k1, shape.p),
        inner: Array.from({ length: shape.k1 }, () => newGateLevel(shape.innerGate, shape.k2, shape.p)),
        coefficients: new Float64Array(leaves * shape.d),
        variances: new Float64Array(leaves).fill(1)
    };
}

export function cloneGateLevel(level: GateLevel): GateLevel {
    return { kind: level.kind, k: level.k, p: level.p, weights: level.weights.slice(), bias: level.bias.slice() };
}

export function cloneParams(params: HmoeParams): HmoeParams {
    return {
        outer: cloneGateLevel(params.outer),
        inner: params.inner.map(cloneGateLevel),
        coefficients: params.coefficients.slice(),
        variances: params.variances.slice()
    };
}

/**
 * Free parameters: experts d + 1 each; a softmax level (k - 1)(p + 1) (last sibling pinned at
 * zero); a Laplace level k p + k - 1 (centres free, last bias pinned); a level with one branch
 * has none (docs/method.md §5.1, identifiability).
 */
export function gateLevelParameterCount(kind: GateKind, k: number, p: number): number {
    if (k <= 1) return 0;
    return kind === 'softmax' ? (k - 1) * (p + 1) : k * p + k - 1;
}

export function parameterCount(shape: HmoeShape): number {
    return (
        leafCount(shape) * (shape.d + 1) +
        gateLevelParameterCount(shape.outerGate, shape.k1, shape.p) +
        shape.k1 * gateLevelParameterCount(shape.innerGate, shape.k2, shape.p)
    );
}

/** Gate inputs of a design matrix: every column but the intercept (column 0 when present). */
export function gateInputs(X: Float64Array, n: number, d: number, intercept: boolean): { Z: Float64Array; p: number } {
    if (!intercept) return { Z: X, p: d };
    const p = d - 1;
    const Z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
        for (let j = 0; j < p; j++) Z[i * p + j] = X[i * d + j + 1];
    }
    return { Z, p };
}
