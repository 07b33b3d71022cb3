import type { Rng } from '../random/rng.js';
import { ancestorsFromSortedPoints } from './inverse-cdf.js';

/**
 * Multinomial resampling: m iid uniforms, generated already sorted as normalised partial sums of
 * m + 1 exponentials (Devroye 1986, Non-Uniform Random Variate Generation, §V.2), so the inverse
 * CDF is one merge pass instead of m binary searches.
 */
export function multinomialResample(
    weights: ArrayLike<number>,
    n: number,
    rng: Rng,
    out: Int32Array,
    m = n,
    outOff = 0
): void {
    const spacings = new Float64Array(m + 1);
    let total = 0;
    for (let i = 0; i <= m; i++) {
        total += rng.exponential();
        spacings[i] = total;
    }
    ancestorsFromSortedPoints(weights, n, m, i => spacings[i] / total, out, outOff);
}
