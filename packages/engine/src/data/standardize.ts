/**
 * z-scoring with training-row statistics: the training stream computes means and standard
 * deviations, the held-out stream reuses them, so no information leaks from held-out rows.
 */
import { DataError } from '../errors.js';
import type { Standardization } from './dataset.js';

/** Mean and sample standard deviation of one strided column, by Welford's update (stable). */
export function columnMoments(values: Float64Array, stride: number, offset: number): { mean: number; sd: number } {
    let mean = 0;
    let m2 = 0;
    let count = 0;
    for (let i = offset; i < values.length; i += stride) {
        count++;
        const delta = values[i]! - mean;
        mean += delta / count;
        m2 += delta * (values[i]! - mean);
    }
    return { mean, sd: count > 1 ? Math.sqrt(m2 / (count - 1)) : 0 };
}

/**
 * Statistics of the training rows. A column without spread cannot be z-scored; that is an
 * error in the data (the fix is to drop the column or switch standardisation off).
 */
export function trainingStatistics(
    inputs: Float64Array,
    names: string[],
    target: Float64Array,
    targetName: string,
    withTarget: boolean,
    file: string
): Standardization {
    const p = names.length;
    const mean: number[] = [];
    const sd: number[] = [];
    const check = (name: string, moments: { mean: number; sd: number }) => {
        if (!(moments.sd > 0)) {
            throw new DataError(
                `column '${name}' has no spread in the training rows, so it cannot be standardised (drop it or turn standardisation off)`,
                file,
                1
            );
        }
    };
    for (let j = 0; j < p; j++) {
        const moments = columnMoments(inputs, p, j);
        check(names[j]!, moments);
        mean.push(moments.mean);
        sd.push(moments.sd);
    }
    const stats: Standardization = { inputs: [...names], mean, sd };
    if (withTarget) {
        const moments = columnMoments(target, 1, 0);
        check(targetName, moments);
        stats.target = { name: targetName, ...moments };
    }
    return stats;
}

/** z-score row-major inputs (and the target, when the statistics include it) in place. */
export function applyStandardization(stats: Standardization, inputs: Float64Array, target: Float64Array): void {
    const p = stats.inputs.length;
    for (let i = 0; i < inputs.length; i++) {
        const j = i % p;
        inputs[i] = (inputs[i]! - stats.mean[j]!) / stats.sd[j]!;
    }
    if (stats.target) {
        const { mean, sd } = stats.target;
        for (let i = 0; i < target.length; i++) target[i] = (target[i]! - mean) / sd;
    }
}
