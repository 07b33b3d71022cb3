/**
 * A filter's per-observation diagnostics (ESS, evidence increment, resampling, particle-averaged
 * allocation) summarised over bins of consecutive observations as they are recorded, so their
 * memory and the result's size are bounded whatever the number of observations: at most
 * MAX_TRACE_BINS bins, each of `width` observations (the last may hold fewer). A width of 1 keeps
 * every observation (the full traces, written to a binary side file only when asked).
 */

/** Enough points for any plot of a trace, few enough that a result stays small (docs/method.md §3). */
export const MAX_TRACE_BINS = 2000;

/** Observations per bin for `observations` observations: the smallest width giving at most MAX_TRACE_BINS bins. */
export function traceBinWidth(observations: number): number {
    return Math.max(1, Math.ceil(observations / MAX_TRACE_BINS));
}

/** The binned traces of one filter, as plain typed arrays (they cross a worker boundary by transfer). */
export interface ChainTrace {
    width: number;
    /** Observations in each bin. */
    count: Float64Array;
    essMin: Float64Array;
    essSum: Float64Array;
    essMax: Float64Array;
    incrementSum: Float64Array;
    resamplings: Float64Array;
    /** bins x K: sum over the bin's observations of the particle-averaged allocation probabilities. */
    allocationSum: Float64Array;
    /** Observations whose ESS fell below the recorder's `lowEss` (the collapse warning, scale-warnings.ts). */
    lowEssSteps: number;
}

export class TraceRecorder {
    readonly trace: ChainTrace;

    constructor(
        observations: number,
        private readonly K: number,
        width = traceBinWidth(observations),
        private readonly lowEss = 0
    ) {
        const bins = Math.ceil(observations / width);
        const f = () => new Float64Array(bins);
        this.trace = {
            width,
            count: f(),
            essMin: f().fill(Infinity),
            essSum: f(),
            essMax: f().fill(-Infinity),
            incrementSum: f(),
            resamplings: f(),
            allocationSum: new Float64Array(bins * K),
            lowEssSteps: 0
        };
    }

    /** Observation t's ESS (before resampling), evidence increment and allocation probabilities (K of them). */
    record(t: number, ess: number, increment: number, allocation: Float64Array): void {
        const tr = this.trace;
        const b = Math.floor(t / tr.width);
        tr.count[b]++;
        if (ess < tr.essMin[b]) tr.essMin[b] = ess;
        if (ess > tr.essMax[b]) tr.essMax[b] = ess;
        tr.essSum[b] += ess;
        if (ess < this.lowEss) tr.lowEssSteps++;
        tr.incrementSum[b] += increment;
        const K = this.K;
        for (let k = 0; k < K; k++) tr.allocationSum[b * K + k] += allocation[k];
    }

    resampled(t: number): void {
        this.trace.resamplings[Math.floor(t / this.trace.width)]++;
    }
}
