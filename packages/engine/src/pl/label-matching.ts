import { munkres } from 'munkres';
import type { Interval, PlExpertSummary } from '../result/types.js';

/** z of a central 90% normal interval: half-width / Z90 estimates a posterior standard deviation. */
const Z90 = 1.6448536269514722;

/** Posterior variance implied by a central 90% interval. */
export function varianceOf(interval: Interval): number {
    const sd = (interval.upper - interval.lower) / (2 * Z90);
    return Number.isFinite(sd) ? sd * sd : Infinity;
}

/**
 * Cost of calling expert b (of another filter) by expert a's label: squared differences of the
 * coefficient means and of usage, each in units of the two posteriors' combined variance, so
 * well-determined experts must agree closely and vague (unused) ones match anything cheaply.
 */
export function matchCost(a: PlExpertSummary, b: PlExpertSummary): number {
    let cost = 0;
    for (let c = 0; c < a.coefficients.length; c++) {
        const v = varianceOf(a.coefficientIntervals[c]) + varianceOf(b.coefficientIntervals[c]);
        const diff = a.coefficients[c] - b.coefficients[c];
        cost += v > 0 && v < Infinity ? (diff * diff) / v : 0;
    }
    const vu = varianceOf(a.usageInterval) + varianceOf(b.usageInterval) + 1e-6;
    const du = a.usage - b.usage;
    return cost + (du * du) / vu;
}

/**
 * Label-switching-invariant matching of a filter's experts to the reference filter's (optimal
 * assignment on `matchCost`, Munkres' algorithm): permutation[k] = the other filter's expert
 * that takes reference label k.
 */
export function matchLabels(reference: readonly PlExpertSummary[], other: readonly PlExpertSummary[]): number[] {
    const K = reference.length;
    const cost = reference.map(a => other.map(b => matchCost(a, b)));
    const permutation = new Array<number>(K).fill(-1);
    for (const [k, l] of munkres(cost)) permutation[k] = l;
    return permutation;
}
