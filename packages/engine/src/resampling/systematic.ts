import type { Rng } from '../random/rng.js';
import { ancestorsFromSortedPoints } from './inverse-cdf.js';

/** Systematic resampling: u_i = (i + U)/N with one uniform U (docs/method.md §2.7; Carpenter et al. 1999). */
export function systematicResample(weights: ArrayLike<number>, n: number, rng: Rng, out: Int32Array): void {
    const u = rng.uniform();
    ancestorsFromSortedPoints(weights, n, n, i => (i + u) / n, out);
}
