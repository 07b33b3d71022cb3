/**
 * The verdict of a calibration run: per quantity, the rank histogram, its uniformity test and
 * the band each bin count should fall in; overall, whether any quantity fails the test at
 * level alpha after a Bonferroni correction over the quantities.
 */
import { binRanks, binomialBand, uniformityTest, type RankHistogram } from './ranks.js';
import type { ReplicateOutcome } from './replicate.js';

export interface CalibrationSummary {
    replicates: number;
    draws: number;
    bins: number;
    /** The 99% band of a bin count under uniformity. */
    band: { low: number; high: number; level: number };
    alpha: number;
    histograms: RankHistogram[];
    /** Quantities whose p-value is below alpha / (number of quantities). */
    failing: string[];
    calibrated: boolean;
}

export function summarizeCalibration(
    names: readonly string[],
    outcomes: readonly ReplicateOutcome[],
    draws: number,
    bins: number,
    alpha = 0.01
): CalibrationSummary {
    const histograms = names.map((name, q) =>
        uniformityTest(
            name,
            binRanks(
                outcomes.map(o => o.ranks[q]),
                draws,
                bins
            )
        )
    );
    const threshold = alpha / names.length;
    const failing = histograms.filter(h => h.pValue < threshold).map(h => h.quantity);
    return {
        replicates: outcomes.length,
        draws,
        bins,
        band: { ...binomialBand(outcomes.length, bins, 0.99), level: 0.99 },
        alpha,
        histograms,
        failing,
        calibrated: failing.length === 0
    };
}
