/**
 * Rank statistics of simulation-based calibration (Talts, Betancourt, Simpson, Vehtari &
 * Gelman 2018): the rank of the true value among L posterior draws is uniform on {0, ..., L}
 * when the posterior is exact. Ranks are binned into B bins (B divides L + 1), each bin count is
 * Binomial(R, 1/B) under uniformity; the uniformity test is Pearson's chi-square with B - 1
 * degrees of freedom. Library CDFs (@stdlib) are used here: this is a report, not a hot path.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import binomialQuantile from '@stdlib/stats-base-dists-binomial-quantile';
import type { Rng } from '../random/rng.js';
import type { ModelParameters } from './generative-model.js';

/** Names of the calibrated quantities, in the order `quantities` returns them. */
export function quantityNames(K: number, columns: readonly string[]): string[] {
    const names: string[] = [];
    for (let k = 0; k < K; k++) for (const c of columns) names.push(`expert ${k + 1} ${c}`);
    for (let k = 0; k < K; k++) names.push(`expert ${k + 1} noise variance`);
    for (let j = 0; j < K - 1; j++) for (const c of columns) names.push(`stick ${j + 1} ${c}`);
    names.push('log-likelihood');
    return names;
}

export function quantities(theta: ModelParameters, logLik: number): number[] {
    return [...theta.beta, ...theta.sigma2, ...theta.phi, logLik];
}

/** #{draws < truth}, ties broken uniformly at random (so a tie cannot pile up in one bin). */
export function rankOf(truth: number, draws: readonly number[], rng: Rng): number {
    let below = 0;
    let ties = 0;
    for (const x of draws) {
        if (x < truth) below++;
        else if (x === truth) ties++;
    }
    return below + (ties > 0 ? rng.integer(ties + 1) : 0);
}

export interface RankHistogram {
    quantity: string;
    counts: number[];
    /** Pearson chi-square statistic against uniform bins, and its p-value (B - 1 degrees of freedom). */
    chiSquare: number;
    pValue: number;
}

/** Bins ranks in {0..L} into B equal bins (B must divide L + 1). */
export function binRanks(ranks: readonly number[], L: number, B: number): number[] {
    if ((L + 1) % B !== 0) throw new RangeError(`${B} bins do not divide the ${L + 1} possible ranks`);
    const width = (L + 1) / B;
    const counts = new Array<number>(B).fill(0);
    for (const r of ranks) counts[Math.floor(r / width)]++;
    return counts;
}

export function uniformityTest(quantity: string, counts: readonly number[]): RankHistogram {
    const R = counts.reduce((a, b) => a + b, 0);
    const expected = R / counts.length;
    const chiSquare = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    return { quantity, counts: [...counts], chiSquare, pValue: 1 - chisquareCdf(chiSquare, counts.length - 1) };
}

/** The central band a bin count falls in with probability `level` under uniformity. */
export function binomialBand(R: number, B: number, level = 0.99): { low: number; high: number } {
    const tail = (1 - level) / 2;
    return { low: binomialQuantile(tail, R, 1 / B), high: binomialQuantile(1 - tail, R, 1 / B) };
}
