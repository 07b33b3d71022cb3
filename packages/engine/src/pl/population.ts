import type { ParticleLayout } from './particle-layout.js';
import type { StickPrior } from './stick-prior.js';

/**
 * A weighted particle population: what the posterior summaries and the predictive read. A
 * filter is one; so is the union of several filters' final particles (`PooledPopulation`).
 */
export interface ParticlePopulation {
    readonly N: number;
    readonly K: number;
    readonly d: number;
    readonly layout: ParticleLayout;
    readonly state: Float64Array;
    /** Normalised weights, summing to one. */
    readonly W: Float64Array;
    /** NIG prior shape a0 of Gaussian experts. */
    readonly priorShape: number;
    readonly hasHorseshoe: boolean;
    /** Prior precision of stick coordinate (j, c) in the particle at `base`. */
    stickPrecision(base: number, j: number, c: number): number;
}

/** One filter's final particles, its share of the pooled posterior, and how its expert labels map. */
export interface PopulationPart {
    state: Float64Array;
    W: Float64Array;
    weight: number;
    /** permutation[k] = this filter's expert that pooled label k stands for (identity when absent). */
    permutation?: readonly number[];
}

/**
 * The island particle filter's posterior (Verge, Dubarry, Del Moral & Moulines 2015): the
 * union of R independent filters' particles, filter r weighted by Z_r / sum Z, particle i of
 * it by W_ri within. A permutation relabels a filter's experts (and their path usage) so that
 * expert summaries pool like with like; the sticks keep their order, so a relabelled population
 * is only for expert summaries, never for the gate or the predictive.
 */
export class PooledPopulation implements ParticlePopulation {
    readonly N: number;
    readonly K: number;
    readonly d: number;
    readonly state: Float64Array;
    readonly W: Float64Array;

    constructor(
        readonly layout: ParticleLayout,
        private readonly stickPrior: StickPrior,
        readonly priorShape: number,
        parts: PopulationPart[]
    ) {
        this.K = layout.K;
        this.d = layout.d;
        const S = layout.stride;
        const N = (this.N = parts.reduce((n, p) => n + p.W.length, 0));
        const relabel = parts.some(p => p.permutation && p.permutation.some((l, k) => l !== k));
        if (parts.length === 1 && !relabel) {
            this.state = parts[0].state;
            this.W = parts[0].W;
        } else {
            this.state = new Float64Array(N * S);
            this.W = new Float64Array(N);
            let i0 = 0;
            for (const part of parts) {
                const n = part.W.length;
                this.state.set(part.state.subarray(0, n * S), i0 * S);
                for (let i = 0; i < n; i++) this.W[i0 + i] = part.weight * part.W[i];
                if (part.permutation) this.relabel(part.state, i0, n, part.permutation);
                i0 += n;
            }
        }
    }

    get hasHorseshoe(): boolean {
        return this.stickPrior.horseshoe;
    }

    stickPrecision(base: number, j: number, c: number): number {
        return this.stickPrior.precision(this.state, base + this.layout.lambda2Off, base + this.layout.tauOff, j, c);
    }

    /** Copy expert blocks and path usage of particles [i0, i0 + n) from `source` in the order of `permutation`. */
    private relabel(source: Float64Array, i0: number, n: number, permutation: readonly number[]): void {
        const { stride: S, expertStride: E, usageOff } = this.layout;
        for (let i = 0; i < n; i++) {
            const from = i * S;
            const to = (i0 + i) * S;
            for (let k = 0; k < this.K; k++) {
                const l = permutation[k];
                this.state.set(source.subarray(from + l * E, from + (l + 1) * E), to + k * E);
                this.state[to + usageOff + k] = source[from + usageOff + l];
            }
        }
    }
}
