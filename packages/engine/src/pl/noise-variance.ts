import type { Interval } from '../result/types.js';
import { InverseGammaMixture } from '../predictive/inverse-gamma-mixture.js';
import { quantile } from '../predictive/mixture.js';
import type { ExpertComponents } from './expert-components.js';
import type { ParticlePopulation } from './population.js';

/**
 * Central interval of expert k's noise variance under the particle posterior (docs/method.md §1.2):
 * the W-weighted mixture over particles of IG(a0 + n/2, b), each distinct statistic block once
 * with the summed weight of the particles sharing it; exact up to the root finder's tolerance.
 */
export function noiseVarianceInterval(
    filter: ParticlePopulation,
    comps: ExpertComponents,
    k: number,
    lower: number,
    upper: number
): Interval {
    const { N, K, W, state } = filter;
    const nl = filter.layout.nig;
    const weightOf = new Map<number, number>();
    for (let i = 0; i < N; i++) {
        const g = comps.componentOf[i * K + k];
        weightOf.set(g, (weightOf.get(g) ?? 0) + W[i]);
    }
    const groups = [...weightOf.keys()];
    const mix = new InverseGammaMixture(
        groups.map(g => weightOf.get(g)!),
        groups.map(g => filter.priorShape + 0.5 * state[comps.offset[g] + nl.n]),
        groups.map(g => state[comps.offset[g] + nl.b])
    );
    return { lower: quantile(mix, lower), upper: quantile(mix, upper) };
}
