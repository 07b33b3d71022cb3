import type { Rng } from '../random/rng.js';
import { multinomialResample } from './multinomial.js';

/**
 * Residual resampling (Liu & Chen 1998; docs/method.md §2.7): floor(N W_i) deterministic copies of
 * particle i, the remaining R = N - sum floor(N W_i) drawn multinomially with weights
 * proportional to N W_i - floor(N W_i).
 */
export function residualResample(weights: ArrayLike<number>, n: number, rng: Rng, out: Int32Array): void {
    const residuals = new Float64Array(n);
    let k = 0;
    let rsum = 0;
    for (let i = 0; i < n; i++) {
        const nw = n * weights[i];
        const copies = Math.floor(nw);
        for (let c = 0; c < copies && k < n; c++) out[k++] = i;
        residuals[i] = nw - copies;
        rsum += residuals[i];
    }
    const r = n - k;
    if (r <= 0) return;
    for (let i = 0; i < n; i++) residuals[i] /= rsum;
    multinomialResample(residuals, n, rng, out, r, k);
}
