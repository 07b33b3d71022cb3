import type { ParticlePopulation } from './population.js';

/**
 * Distinct Gaussian-expert statistics across particles. After resampling many particles carry
 * bit-identical copies of an expert's statistics; grouping them turns the N x K component
 * predictive mixture into an exactly equal mixture over far fewer components, which is what
 * makes bisection on the mixture CDF affordable (docs/method.md §3).
 */
export interface ExpertComponents {
    /** Number of distinct components. */
    count: number;
    /** Expert index of each component. */
    expert: Int32Array;
    /** Offset in `filter.state` of each component's expert block (a representative particle). */
    offset: Int32Array;
    /** Component of (particle i, expert k) at i * K + k. */
    componentOf: Int32Array;
}

export function distinctExpertComponents(filter: ParticlePopulation): ExpertComponents {
    const { N, K, d, state } = filter;
    const lay = filter.layout;
    const nl = lay.nig;
    const componentOf = new Int32Array(N * K);
    const expert: number[] = [];
    const offset: number[] = [];
    const keys = new Map<string, number>();
    for (let i = 0; i < N; i++) {
        for (let k = 0; k < K; k++) {
            const eo = i * lay.stride + k * lay.expertStride;
            // n, b, the mean and the last diagonal of L identify a statistic history in practice;
            // the whole block is compared below so a collision can never merge different ones.
            const key = `${k}|${state[eo + nl.n]}|${state[eo + nl.b]}|${state[eo + nl.m]}|${state[eo + nl.m + d - 1]}`;
            let c = keys.get(key);
            if (c !== undefined && !sameBlock(state, offset[c], eo, lay.expertStride)) c = undefined;
            if (c === undefined) {
                c = expert.length;
                expert.push(k);
                offset.push(eo);
                keys.set(key, c);
            }
            componentOf[i * K + k] = c;
        }
    }
    return { count: expert.length, expert: Int32Array.from(expert), offset: Int32Array.from(offset), componentOf };
}

function sameBlock(state: Float64Array, a: number, b: number, size: number): boolean {
    for (let p = 0; p < size; p++) if (state[a + p] !== state[b + p]) return false;
    return true;
}
