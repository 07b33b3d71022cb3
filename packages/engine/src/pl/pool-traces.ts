/**
 * The pooled diagnostics over time from the filters' traces (trace-bins.ts), binned alike.
 * Pooling is exact on bins: the pooled log evidence at a bin's end needs only each filter's
 * running log Z there, and the label-matched allocation is linear in each filter's.
 */
import type { Dataset } from '../data/dataset.js';
import { logJacobian } from '../data/original-scale.js';
import type { EssBins, FullTraces, PlDiagnostics } from '../result/types.js';
import type { ChainTrace } from './trace-bins.js';

/** log of the mean of exp(values), without overflow. */
export function logMeanExp(values: readonly number[]): number {
    const max = Math.max(...values);
    if (max === -Infinity) return -Infinity;
    return max + Math.log(values.reduce((a, v) => a + Math.exp(v - max), 0) / values.length);
}

/** ESS over each bin: smallest, mean and largest over filters and steps. */
export function essBins(traces: ChainTrace[]): EssBins {
    const out: EssBins = { min: [], mean: [], max: [] };
    eachBin(traces, (b, min, mean, max) => {
        out.min.push(min);
        out.mean.push(mean);
        out.max.push(max);
    });
    return out;
}

function eachBin(traces: ChainTrace[], visit: (b: number, min: number, mean: number, max: number) => void): void {
    const bins = traces[0].count.length;
    for (let b = 0; b < bins; b++) {
        let min = Infinity,
            max = -Infinity,
            sum = 0,
            count = 0;
        for (const tr of traces) {
            min = Math.min(min, tr.essMin[b]);
            max = Math.max(max, tr.essMax[b]);
            sum += tr.essSum[b];
            count += tr.count[b];
        }
        visit(b, min, sum / count, max);
    }
}

/** Per bin: the pooled evidence increment and the label-matched mean allocation (a reused row of K). */
function eachPooledBin(
    traces: ChainTrace[],
    weights: number[],
    labels: number[][],
    K: number,
    train: Dataset,
    visit: (b: number, increment: number, allocation: number[]) => void
): void {
    const first = traces[0];
    const running = traces.map(() => 0);
    const row = new Array<number>(K);
    let previous = 0;
    for (let b = 0; b < first.count.length; b++) {
        const count = first.count[b];
        row.fill(0);
        traces.forEach((tr, r) => {
            running[r] += tr.incrementSum[b];
            for (let k = 0; k < K; k++) row[k] += (weights[r] * tr.allocationSum[b * K + labels[r][k]]) / count;
        });
        const now = logMeanExp(running);
        visit(b, now - previous + logJacobian(train, count), row);
        previous = now;
    }
}

export function pooledTraces(
    traces: ChainTrace[],
    weights: number[],
    labels: number[][],
    K: number,
    train: Dataset
): PlDiagnostics {
    const increments: number[] = [];
    const allocation: number[][] = [];
    eachPooledBin(traces, weights, labels, K, train, (_, increment, row) => {
        increments.push(increment);
        allocation.push([...row]);
    });
    return {
        binWidth: traces[0].width,
        ess: essBins(traces),
        resamplings: Array.from(traces[0].resamplings),
        logEvidenceIncrements: increments,
        allocation
    };
}

/** The same for traces of one observation per bin, packed row by row for the binary side file. */
export function pooledFullTraces(
    traces: ChainTrace[],
    weights: number[],
    labels: number[][],
    K: number,
    train: Dataset
): FullTraces {
    const columns = [
        'ess_min',
        'ess_mean',
        'ess_max',
        'resamplings',
        'log_evidence_increment',
        ...Array.from({ length: K }, (_, k) => `allocation_${k + 1}`)
    ];
    const width = columns.length;
    const rows = traces[0].count.length;
    const values = new Float64Array(rows * width);
    eachBin(traces, (t, min, mean, max) => {
        values[t * width] = min;
        values[t * width + 1] = mean;
        values[t * width + 2] = max;
        values[t * width + 3] = traces[0].resamplings[t];
    });
    eachPooledBin(traces, weights, labels, K, train, (t, increment, row) => {
        values[t * width + 4] = increment;
        for (let k = 0; k < K; k++) values[t * width + 5 + k] = row[k];
    });
    return { columns, rows, values };
}
