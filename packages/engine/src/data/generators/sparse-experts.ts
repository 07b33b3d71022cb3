/**
 * The sparse-experts generator of the HS-MoE experiment (docs/method.md §4.2, HSMOE-SYN-10x3).
 *
 * With K = 10, s = 3, p = 5 it reproduces §4.2 exactly. For other K, s, p the rule is:
 * - x ~ N(0, I_p).
 * - Gate: softmax over the K logits (c_k + w_k'x) / T.
 *   Active expert k = 1..s: c_k = 0 and w_k = 2 (cos θ_k, sin θ_k, 0, ..., 0) with
 *   θ_k = 2π(k-1)/s, i.e. on a circle of radius 2 in the first two inputs
 *   (s = 3: w1 = (2,0), w2 = (-1,√3), w3 = (-1,-√3)); with p = 1 only the cosine is kept.
 *   Inactive expert k = s+1..K: c_k = inactiveBias (-3 in §4.2), w_k = 0.
 * - Experts y = β_k'(1, x) + σ_k ε.
 *   Active experts 1..3 use the table of §4.2 (its slopes on x1..x5; slopes beyond the fifth
 *   input are 0, and with p < 5 the table is cut to the first p slopes). An active expert
 *   k > 3 has intercept k - 3, slope +1 on input ((k-1) mod p) + 1 and -1 on input (k mod p) + 1
 *   (1-based inputs), so each active expert is a distinct plane. σ_k = noise.
 *   Inactive expert k: intercept k - s - (K - s + 1)/2 (centred on 0: -3..3 for K = 10, s = 3,
 *   i.e. k - 7), slopes 0, σ_k = inactiveNoise.
 * - Draw order per observation, all from one stream `Rng.stream(seed, 'data')`:
 *   x (p normals), u (one uniform, inverse CDF over the gate probabilities), ε (one normal).
 */
import { Rng } from '../../random/rng.js';
import type { GaussianExpertTruth, SparseExpertsSource } from '../../plan/types.js';
import { drawCategory, linearPredictor, softmaxInto, type SyntheticSample } from './categorical.js';

/** Intercept and slopes on x1..x5 of the three active experts of docs/method.md §4.2. */
const TABLE_COEFFICIENTS: number[][] = [
    [2, 1, 0, -1, 0, 0],
    [-2, 0, 1, 0, -1, 0],
    [0, -1, -1, 0, 0, 1]
];

export interface SparseExpertsTruth {
    /** Gate bias c_k and weights w_k (K x p); logits are (c_k + w_k'x) / temperature. */
    gateBias: number[];
    gateWeights: number[][];
    temperature: number;
    experts: GaussianExpertTruth[];
}

function activeCoefficients(k: number, p: number): number[] {
    const beta = new Array<number>(p + 1).fill(0);
    const row = TABLE_COEFFICIENTS[k];
    if (row) {
        for (let j = 0; j <= Math.min(p, 5); j++) beta[j] = row[j]!;
        return beta;
    }
    const oneBased = k + 1;
    beta[0] = oneBased - 3;
    beta[1 + ((oneBased - 1) % p)]! += 1;
    beta[1 + (oneBased % p)]! -= 1;
    return beta;
}

/** The generator's true parameters, by the rule in the header comment. */
export function sparseExpertsTruth(source: SparseExpertsSource): SparseExpertsTruth {
    const { experts: K, active: s, inputs: p } = source;
    const gateBias: number[] = [];
    const gateWeights: number[][] = [];
    const experts: GaussianExpertTruth[] = [];
    for (let k = 0; k < K; k++) {
        const w = new Array<number>(p).fill(0);
        if (k < s) {
            const theta = (2 * Math.PI * k) / s;
            w[0] = 2 * Math.cos(theta);
            if (p > 1) w[1] = 2 * Math.sin(theta);
            // cos/sin of multiples of 2π/s are not exact in floating point; snap tiny values to 0.
            for (let j = 0; j < Math.min(p, 2); j++) if (Math.abs(w[j]!) < 1e-12) w[j] = 0;
            gateBias.push(0);
            experts.push({ coefficients: activeCoefficients(k, p), variance: source.noise ** 2 });
        } else {
            gateBias.push(source.inactiveBias);
            const intercept = k + 1 - s - (K - s + 1) / 2;
            const beta = new Array<number>(p + 1).fill(0);
            beta[0] = intercept;
            experts.push({ coefficients: beta, variance: source.inactiveNoise ** 2 });
        }
        gateWeights.push(w);
    }
    return { gateBias, gateWeights, temperature: source.temperature, experts };
}

/** Gate probabilities of the generator at x (softmax of (c_k + w_k'x)/T). */
export function sparseExpertsGate(truth: SparseExpertsTruth, x: ArrayLike<number>, out: Float64Array): Float64Array {
    const logits = new Float64Array(out.length);
    for (let k = 0; k < out.length; k++) {
        const w = truth.gateWeights[k]!;
        let s = truth.gateBias[k]!;
        for (let j = 0; j < w.length; j++) s += w[j]! * x[j]!;
        logits[k] = s / truth.temperature;
    }
    return softmaxInto(logits, out);
}

/** The first `rows` observations of the stream (default: all n). */
export function generateSparseExperts(source: SparseExpertsSource, rows = source.n): SyntheticSample {
    const truth = sparseExpertsTruth(source);
    const p = source.inputs;
    const rng = Rng.stream(source.seed, 'data');
    const x = new Float64Array(rows * p);
    const y = new Float64Array(rows);
    const z = new Int32Array(rows);
    const probabilities = new Float64Array(source.experts);
    const sd = truth.experts.map(e => Math.sqrt(e.variance));
    for (let i = 0; i < rows; i++) {
        const xi = x.subarray(i * p, (i + 1) * p);
        for (let j = 0; j < p; j++) xi[j] = rng.normal();
        const k = drawCategory(sparseExpertsGate(truth, xi, probabilities), rng.uniform());
        z[i] = k;
        y[i] = linearPredictor(truth.experts[k]!.coefficients, xi, p) + sd[k]! * rng.normal();
    }
    return { n: rows, p, x, y, z };
}
