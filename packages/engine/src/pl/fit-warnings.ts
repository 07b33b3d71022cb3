/**
 * Warnings of a particle-learning fit that ran but whose numbers may not mean what they seem:
 * a prior far from the data's scale, and a filter whose effective sample size collapsed.
 */
import type { ExecutionPlan } from '../plan/types.js';
import type { Dataset } from '../data/dataset.js';
import type { ChainOutput } from './chain.js';

/**
 * A factor of 1e3 between the data's scale and the prior's. The default noise prior IG(2, 1)
 * puts 99% of its mass on variances within about a factor of 30 of its scale rate/shape, and the
 * gate's N(0, 1) or horseshoe priors on coefficients of unit-scale inputs; at a factor of 1e3 the
 * prior is wrong by orders of magnitude, and with the few thousand rows of a typical fit it still
 * dominates (the reported noise variances at input scales 1e-8 and 1e8 were off that much).
 */
export const SCALE_FACTOR = 1e3;

/**
 * An ESS below 5% of the particles: fewer than one particle in twenty carries the weight, so the
 * summaries rest on a handful of distinct particles. A dip at an outlier is normal and resampling
 * recovers from it; the warning is for a collapse at more than COLLAPSED_SHARE of the steps.
 */
export const COLLAPSED_ESS = 0.05;
export const COLLAPSED_SHARE = 0.05;

const fmt = (x: number) => x.toExponential(1);

/** Sample variance of a strided column of a Float64Array (two-pass, for accuracy at large offsets). */
function variance(values: Float64Array, n: number, stride: number, offset: number): number {
    let mean = 0;
    for (let t = 0; t < n; t++) mean += values[t * stride + offset];
    mean /= n;
    let ss = 0;
    for (let t = 0; t < n; t++) ss += (values[t * stride + offset] - mean) ** 2;
    return ss / Math.max(1, n - 1);
}

/** Inputs and target on a scale the priors do not expect (on the scale fitted: after any standardisation). */
export function scaleWarnings(plan: ExecutionPlan, train: Dataset): string[] {
    if (train.n < 2) return [];
    const warnings: string[] = [];
    const advice =
        'set `standardize = true` (and `standardize_target = true`) on the data source, or rescale the prior';
    const prior = plan.experts.family === 'gaussian' ? plan.experts.prior : undefined;
    if (prior && prior.shape > 0 && prior.rate > 0) {
        const target = variance(train.y, train.n, 1, 0);
        const scale = prior.rate / prior.shape;
        const ratio = target / scale;
        if (target > 0 && (ratio > SCALE_FACTOR || ratio < 1 / SCALE_FACTOR)) {
            warnings.push(
                `the target's variance (${fmt(target)}) is ${ratio > 1 ? `${fmt(ratio)} times` : `1/${fmt(1 / ratio)} of`} the noise prior's scale (rate/shape = ${fmt(scale)}): the reported noise variances may be wrong by orders of magnitude; ${advice}`
            );
        }
    }
    const far: string[] = [];
    for (let j = 0; j < train.d; j++) {
        if (train.columns[j] === '(intercept)') continue;
        const sd = Math.sqrt(variance(train.X, train.n, train.d, j));
        if (sd > 0 && (sd > SCALE_FACTOR || sd < 1 / SCALE_FACTOR)) far.push(`'${train.columns[j]}' (sd ${fmt(sd)})`);
    }
    if (far.length > 0) {
        warnings.push(
            `input${far.length > 1 ? 's' : ''} ${far.slice(0, 5).join(', ')}${far.length > 5 ? ', ...' : ''} far from unit scale, which the gate and coefficient priors assume: ${advice}`
        );
    }
    return warnings;
}

/** Filters whose ESS was below COLLAPSED_ESS of the particles at more than COLLAPSED_SHARE of the steps. */
export function essCollapseWarnings(outputs: ChainOutput[], observations: number): string[] {
    if (observations === 0) return [];
    return outputs.flatMap((o, r) => {
        const share = o.trace.lowEssSteps / observations;
        if (share <= COLLAPSED_SHARE) return [];
        const minEss = Math.min(...o.trace.essMin);
        return [
            `filter ${r + 1}: the effective sample size fell below ${COLLAPSED_ESS * 100}% of the ${o.particles} particles at ${(share * 100).toFixed(1)}% of the observations (smallest ${minEss.toFixed(1)}): ` +
                'the posterior rests on a few particles; use more particles, resample-move steps (rejuvenate_every), or check the prior against the data'
        ];
    });
}
