import type { SparseExpertsSource } from './types.js';

/** The shape of a sparse-experts benchmark: K experts of which `active` are used, p inputs, active noise sd. */
export interface SparseExpertsDesign {
    experts: number;
    active: number;
    inputs: number;
    noise: number;
}

/** HSMOE-SYN-10x3 (docs/method.md §4.2). */
export const HSMOE_SYN_10X3: SparseExpertsDesign = { experts: 10, active: 3, inputs: 5, noise: 0.5 };

/**
 * The generator source of n rows of a sparse-experts design (HSMOE-SYN-10x3 unless given), with
 * §4.2's fixed settings: inactive experts' noise 1 and gate bias -3, gate temperature 0.7, an
 * intercept column.
 */
export function sparseExpertsSource(
    n: number,
    seed: number,
    design: SparseExpertsDesign = HSMOE_SYN_10X3
): SparseExpertsSource {
    return {
        kind: 'sparse-experts',
        experts: design.experts,
        active: design.active,
        n,
        inputs: design.inputs,
        noise: design.noise,
        inactiveNoise: 1,
        inactiveBias: -3,
        temperature: 0.7,
        intercept: true,
        seed
    };
}
