/**
 * The common design of the rates experiment. All three gate combinations use the HMOE-RATES
 * truth (docs/method.md §5.5) with the same numbers (softmax slopes or Laplace centres, zero biases,
 * the same experts), so only the gate's functional form differs (the outer masses are 1/2 each for
 * all three: inputs and outer gate are symmetric under x -> -x; the leaf masses are reported). Replicate r at size n
 * uses the same data seed for all three (common random numbers: the same inputs, the same
 * uniforms for the branch draws and the same noise), every fit has the same starts and EM
 * settings, and the errors are compared on one scale (the first-order loss and the parameter
 * errors of over-specified cells), with slope differences bootstrapped over paired replicates.
 *
 * A truth matched more closely (Laplace gates fitted to the softmax gates' probabilities) was
 * tried and rejected: the closest Laplace gates put their centres far outside the inputs (a
 * distant centre makes -||a - x|| nearly linear in x), i.e. a softmax gate in disguise.
 */
import { hierarchicalLeafProbabilities, Rng, type GateKind, type HierarchicalSource } from '@moe-studio/engine';
import { hmoeRatesSource } from '@moe-studio/engine/plan';

export type Combination = 'SS' | 'SL' | 'LL';
export const COMBINATIONS: Combination[] = ['SS', 'SL', 'LL'];

export function gateKinds(combination: Combination): [GateKind, GateKind] {
    const kind = (c: string): GateKind => (c === 'S' ? 'softmax' : 'laplace');
    return [kind(combination[0]!), kind(combination[1]!)];
}

export function designSource(combination: Combination, n: number, seed: number): HierarchicalSource {
    const [outer, inner] = gateKinds(combination);
    return hmoeRatesSource(outer, inner, n, seed);
}

/** Seed of replicate r at size n (docs/method.md §5.5): 1000 (r + 1) + log2(n / 500), rounded; shifted by the base seed. */
export function ratesSeed(replicate: number, n: number, base = 1): number {
    return 1000 * (replicate + 1) + Math.max(0, Math.round(Math.log2(n / 500))) + 1_000_000 * (base - 1);
}

export interface DesignSummary {
    combination: Combination;
    /** Data-averaged true leaf masses over x ~ U[-1, 1]^2 (Monte Carlo, 20,000 inputs). */
    leafMasses: number[];
    /** Mean total-variation distance between this truth's leaf probabilities and SS's. */
    routingDistanceFromSS: number;
}

export function summariseDesign(): DesignSummary[] {
    const rows = 20000;
    const rng = new Rng(20241003, 'hmoe-rates/design-summary');
    const xs = Array.from({ length: rows }, () => [-1 + 2 * rng.uniform(), -1 + 2 * rng.uniform()]);
    const probabilities = (c: Combination) => xs.map(x => hierarchicalLeafProbabilities(designSource(c, 1, 0), x));
    const ss = probabilities('SS');
    return COMBINATIONS.map(combination => {
        const q = probabilities(combination);
        const L = q[0]!.length;
        const leafMasses = Array.from({ length: L }, (_, l) => q.reduce((s, row) => s + row[l]!, 0) / rows);
        const routingDistanceFromSS =
            q.reduce((s, row, i) => s + row.reduce((t, v, l) => t + 0.5 * Math.abs(v - ss[i]![l]!), 0), 0) / rows;
        return { combination, leafMasses, routingDistanceFromSS };
    });
}
