import type { PlAgreement, PlExpertSummary, PlSplitWarning } from '../result/types.js';
import { varianceOf } from './label-matching.js';

/**
 * Filters are said to disagree on an expert's usage when the SMC analogue of R-hat exceeds this
 * (Gelman & Rubin's original 1.1; with a handful of filters a stricter 1.01 flags noise).
 */
export const RHAT_THRESHOLD = 1.1;
/** An expert is used above this usage, unused below UNUSED. */
const USED = 0.05;
const UNUSED = 0.01;
/** Coefficients closer than this many combined posterior standard deviations count as the same. */
const SAME_COEFFICIENT_Z = 1.6448536269514722;

/**
 * Agreement of R filters on label-matched experts (`chains[r][k]` is filter r's summary of
 * pooled expert k): per expert, R-hat = sqrt(1 + B / W) with B the between-filter variance of
 * usage and W the mean within-filter posterior variance of usage (from its 90% interval), said
 * in words only for experts some filter uses (above 1%);
 * experts used by one filter and unused by another; experts split over two labels (two used
 * experts, above 5% each, whose coefficients and noise agree within posterior error; an expert
 * with little data has prior-wide intervals and would match anything, hence the usage floor).
 */
export function chainAgreement(chains: readonly PlExpertSummary[][], pooled: readonly PlExpertSummary[]): PlAgreement {
    const R = chains.length;
    const K = pooled.length;
    const usageRhat: number[] = [];
    const messages: string[] = [];
    let sameExperts = true;
    for (let k = 0; k < K; k++) {
        const u = chains.map(c => c[k].usage);
        const mean = u.reduce((a, b) => a + b, 0) / R;
        const between = R > 1 ? u.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1) : 0;
        const within = chains.reduce((a, c) => a + varianceOf(c[k].usageInterval), 0) / R;
        const rhat = between === 0 ? 1 : within > 0 ? Math.sqrt(1 + between / within) : Infinity;
        usageRhat.push(rhat);
        const used = u.filter(x => x > USED).length;
        const unused = u.filter(x => x < UNUSED).length;
        if (used > 0 && unused > 0) {
            sameExperts = false;
            messages.push(
                `filters disagree on whether expert ${k + 1} is used: usage ${u.map(x => x.toFixed(3)).join(', ')}`
            );
        } else if (rhat > RHAT_THRESHOLD && Math.max(...u) > UNUSED) {
            messages.push(
                `filters disagree on the usage of expert ${k + 1} beyond Monte Carlo error (R-hat ${rhat.toFixed(2)}): ${u.map(x => x.toFixed(3)).join(', ')}`
            );
        }
    }
    const splits: PlSplitWarning[] = [];
    const findSplits = (experts: readonly PlExpertSummary[], chain: number) => {
        for (let a = 0; a < K; a++) {
            for (let b = a + 1; b < K; b++) {
                if (steadilyUsed(experts[a]) && steadilyUsed(experts[b]) && sameExpert(experts[a], experts[b])) {
                    splits.push({ chain, experts: [a, b], usage: experts[a].usage + experts[b].usage });
                }
            }
        }
    };
    chains.forEach((c, r) => findSplits(c, r));
    findSplits(pooled, -1);
    for (const s of splits) {
        const where = s.chain < 0 ? 'the pooled posterior' : `filter ${s.chain + 1}`;
        messages.push(
            `in ${where}, experts ${s.experts[0] + 1} and ${s.experts[1] + 1} look like one expert split over two labels (near-identical coefficients, usage ${s.usage.toFixed(3)} together)`
        );
    }
    const maxUsageRhat = usageRhat.reduce((a, b) => Math.max(a, b), 1);
    return { usageRhat, maxUsageRhat, rhatThreshold: RHAT_THRESHOLD, sameExperts, splits, messages };
}

/**
 * Used by nearly every particle (usage above 5%, and above 1% at the lower end of its 90% interval
 * over particles). An expert whose data some particles hold under another label (label switching
 * inside one filter) has a usage interval reaching down to 0 and pooled coefficients as wide as the
 * prior; it is not a split, and would otherwise look like a copy of any expert.
 */
function steadilyUsed(e: PlExpertSummary): boolean {
    return e.usage > USED && e.usageInterval.lower > UNUSED;
}

/** Every coefficient within SAME_COEFFICIENT_Z combined standard deviations, noise variances within a factor of 2. */
function sameExpert(a: PlExpertSummary, b: PlExpertSummary): boolean {
    for (let c = 0; c < a.coefficients.length; c++) {
        const sd = Math.sqrt(varianceOf(a.coefficientIntervals[c]) + varianceOf(b.coefficientIntervals[c]));
        if (!(Math.abs(a.coefficients[c] - b.coefficients[c]) <= SAME_COEFFICIENT_Z * sd)) return false;
    }
    if (a.noiseVariance !== undefined && b.noiseVariance !== undefined) {
        const ratio = a.noiseVariance / b.noiseVariance;
        if (!(ratio < 2 && ratio > 0.5)) return false;
    }
    return true;
}
