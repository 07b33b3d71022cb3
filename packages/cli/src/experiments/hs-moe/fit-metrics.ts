/**
 * The numbers every HS-MoE experiment reports of one particle-learning fit, as one table row:
 * usage of the top experts, the effective number of experts (each definition), log Ẑ with its
 * Monte Carlo standard error, the smallest ESS, held-out scores and interval coverage, time.
 */
import {
    generateSparseExperts,
    type ParticleLearningResult,
    type RunResult,
    type SparseExpertsSource
} from '@moe-studio/engine';

export interface FitMetrics {
    [column: string]: number | null;
    top3Usage: number;
    top3ParticleUsage: number;
    /** 1 when the top-3 usage is at least 0.95 with each within 0.07 of the data's own frequencies. */
    recovered: number;
    effectiveEntropy: number;
    effectiveInverseSimpson: number;
    expertsAbove1pct: number;
    logZ: number;
    logZSE: number | null;
    minEssFraction: number;
    heldOutMlpd: number | null;
    rmse: number | null;
    coverage50: number | null;
    coverage90: number | null;
    seconds: number;
    particleObservationsPerSecond: number | null;
}

export function asParticleLearning(result: RunResult): ParticleLearningResult {
    if (result.algorithm !== 'particle-learning')
        throw new Error(`expected a particle-learning result, got ${result.algorithm}`);
    return result;
}

/** The training data's own allocation frequencies of its experts, largest first. */
export function dataFrequencies(source: SparseExpertsSource): number[] {
    const sample = generateSparseExperts(source);
    const counts = new Array<number>(source.experts).fill(0);
    for (let i = 0; i < sample.n; i++) counts[sample.z[i]!]++;
    return counts.map(c => c / sample.n).sort((a, b) => b - a);
}

export function fitMetrics(run: RunResult, frequencies: readonly number[], active = 3): FitMetrics {
    const result = asParticleLearning(run);
    const top = result.sortedUsage.slice(0, active);
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    const recovered = sum(top) >= 0.95 && top.every((u, k) => Math.abs(u - (frequencies[k] ?? 0)) <= 0.07);
    const minEss = Math.min(...result.chains.map(c => c.minEss));
    return {
        top3Usage: sum(top),
        top3ParticleUsage: sum(result.particleSortedUsage.slice(0, active)),
        recovered: recovered ? 1 : 0,
        effectiveEntropy: result.effectiveExperts.entropy,
        effectiveInverseSimpson: result.effectiveExperts.inverseSimpson,
        expertsAbove1pct: result.effectiveExperts.aboveOnePercent,
        logZ: result.logMarginalLikelihood,
        logZSE: result.logMarginalLikelihoodSE,
        minEssFraction: minEss / result.particles,
        heldOutMlpd: result.predictive?.meanLogPredictiveDensity ?? null,
        rmse: result.predictive?.rmse ?? null,
        coverage50: result.predictive?.coverage['0.5'] ?? null,
        coverage90: result.predictive?.coverage['0.9'] ?? null,
        seconds: result.timing.seconds,
        particleObservationsPerSecond: result.timing.particleObservationsPerSecond ?? null
    };
}

/** Columns of FitMetrics in report order, with a short description for the summary. */
export const METRIC_COLUMNS: Array<[keyof FitMetrics & string, string]> = [
    ['top3Usage', 'top-3 usage'],
    ['top3ParticleUsage', 'top-3 usage per particle'],
    ['recovered', 'recovered'],
    ['effectiveEntropy', 'effective experts (exp entropy)'],
    ['effectiveInverseSimpson', 'effective experts (inverse Simpson)'],
    ['expertsAbove1pct', 'experts above 1%'],
    ['logZ', 'log Ẑ'],
    ['logZSE', 'MC se of log Ẑ'],
    ['minEssFraction', 'min ESS / N'],
    ['heldOutMlpd', 'held-out mean log score'],
    ['rmse', 'held-out RMSE'],
    ['coverage50', '50% coverage'],
    ['coverage90', '90% coverage'],
    ['seconds', 'wall s']
];
