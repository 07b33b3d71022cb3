import type { Rng } from '../random/rng.js';
import { ancestorsFromSortedPoints } from './inverse-cdf.js';

/** Stratified resampling: u_i = (i + U_i)/N with independent uniforms (docs/method.md §2.7; Kitagawa 1996). */
export function stratifiedResample(weights: ArrayLike<number>, n: number, rng: Rng, out: Int32Array): void {
    ancestorsFromSortedPoints(weights, n, n, i => (i + rng.uniform()) / n, out);
}
