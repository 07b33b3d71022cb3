/** Reading the binned traces of a particle-learning result (PlDiagnostics). */
import type { PlDiagnostics } from './types.js';

/** For each bin, the 1-based index of its last observation (where a chart places its point). */
export function binEnds(d: PlDiagnostics, observations: number): number[] {
    return d.logEvidenceIncrements.map((_, b) => Math.min(observations, (b + 1) * d.binWidth));
}

/** Observations in each bin (binWidth, the last one possibly fewer). */
export function binCounts(d: PlDiagnostics, observations: number): number[] {
    return d.logEvidenceIncrements.map((_, b) => Math.min(observations, (b + 1) * d.binWidth) - b * d.binWidth);
}
