import type { ResamplingScheme } from '../plan/types.js';
import type { Rng } from '../random/rng.js';
import { multinomialResample } from './multinomial.js';
import { residualResample } from './residual.js';
import { stratifiedResample } from './stratified.js';
import { systematicResample } from './systematic.js';

export { effectiveSampleSize, normalizeLogWeights } from './ess.js';
export { multinomialResample, residualResample, stratifiedResample, systematicResample };

export type Resampler = (weights: ArrayLike<number>, n: number, rng: Rng, out: Int32Array) => void;

/** The resampling function for a plan's scheme; every scheme writes N ancestor indices. */
export function resamplerFor(scheme: ResamplingScheme): Resampler {
    switch (scheme) {
        case 'multinomial':
            return (w, n, rng, out) => multinomialResample(w, n, rng, out);
        case 'systematic':
            return systematicResample;
        case 'stratified':
            return stratifiedResample;
        case 'residual':
            return residualResample;
    }
}
