import { Rng } from '@moe-studio/engine';
import type { SoftmaxRateDesign } from './truth.js';

export interface FlatSample {
    n: number;
    x: Float64Array;
    y: Float64Array;
}

/**
 * n draws from the two-expert softmax-gated Gaussian MoE of the design. Draw order per
 * observation from one stream: x (uniform design only), u for the expert (inverse CDF), ε.
 */
export function sampleSoftmaxMoe(design: SoftmaxRateDesign, n: number, rng: Rng): FlatSample {
    const { truth } = design;
    const K = truth.variance.length;
    const sd = truth.variance.map(Math.sqrt);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const logits = new Float64Array(K);
    for (let i = 0; i < n; i++) {
        const xi = design.inputs === 'uniform' ? rng.uniform() : n === 1 ? 0 : i / (n - 1);
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
            logits[k] = truth.gateIntercept[k]! + truth.gateSlope[k]! * xi;
            max = Math.max(max, logits[k]!);
        }
        let total = 0;
        for (let k = 0; k < K; k++) total += Math.exp(logits[k]! - max);
        const u = rng.uniform() * total;
        let k = 0;
        let cumulative = Math.exp(logits[0]! - max);
        while (k < K - 1 && u >= cumulative) {
            k++;
            cumulative += Math.exp(logits[k]! - max);
        }
        x[i] = xi;
        y[i] = truth.expertIntercept[k]! + truth.expertSlope[k]! * xi + sd[k]! * rng.normal();
    }
    return { n, x, y };
}
