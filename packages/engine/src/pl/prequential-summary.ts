import type { PlPrequential } from '../result/types.js';
import { levelKey } from '../predictive/scores.js';

/** Most bins of the binned one-step-ahead trace in a result (its size does not grow with n). */
export const PREQUENTIAL_BINS = 250;

/**
 * The pooled PIT of observation t over R filters: the island filter's one-step-ahead predictive
 * is the mixture of the filters' with weights Z_r(1:t-1) / sum Z (the weights behind the pooled
 * evidence increments), so u_t = sum_r w_r,t-1 u_r,t. `increments[r]` are filter r's.
 */
export function pooledPit(pits: readonly Float64Array[], increments: readonly Float64Array[], n: number): Float64Array {
    const R = pits.length;
    const out = new Float64Array(n);
    const running = new Float64Array(R);
    for (let t = 0; t < n; t++) {
        let max = -Infinity;
        for (let r = 0; r < R; r++) if (running[r] > max) max = running[r];
        let total = 0;
        let u = 0;
        for (let r = 0; r < R; r++) {
            const w = max === -Infinity ? 1 : Math.exp(running[r] - max);
            total += w;
            u += w * pits[r][t];
        }
        out[t] = u / total;
        for (let r = 0; r < R; r++) running[r] += increments[r][t];
    }
    return out;
}

/**
 * The pooled one-step-ahead log score of observation t over R filters: the increment of the log
 * of the mean of the filters' evidence estimates, log mean_r Z_r(1:t) - log mean_r Z_r(1:t-1),
 * plus the log Jacobian that puts it on the data's original scale. `logScores[r]` are filter r's.
 */
export function pooledLogScores(logScores: readonly Float64Array[], n: number, logJacobian: number): Float64Array {
    const R = logScores.length;
    const out = new Float64Array(n);
    const running = new Float64Array(R);
    let previous = 0;
    for (let t = 0; t < n; t++) {
        let max = -Infinity;
        for (let r = 0; r < R; r++) {
            running[r] += logScores[r][t];
            if (running[r] > max) max = running[r];
        }
        let sum = 0;
        for (let r = 0; r < R; r++) sum += Math.exp(running[r] - max);
        const now = max === -Infinity ? -Infinity : max + Math.log(sum / R);
        out[t] = now - previous + logJacobian;
        previous = now;
    }
    return out;
}

/**
 * Bin the one-step-ahead log scores and PIT values of n observations into at most
 * PREQUENTIAL_BINS bins (result/types.ts PlPrequential): y_t is inside the central level-a
 * interval iff |u_t - 1/2| <= a / 2.
 */
export function binPrequential(
    logScores: ArrayLike<number>,
    pit: ArrayLike<number>,
    levels: readonly number[],
    n: number
): PlPrequential {
    const binSize = Math.max(1, Math.ceil(n / PREQUENTIAL_BINS));
    const start: number[] = [];
    const count: number[] = [];
    const meanLogScore: number[] = [];
    const coverage: Record<string, number[]> = {};
    const overall: Record<string, number> = {};
    for (const level of levels) coverage[levelKey(level)] = [];
    let total = 0;
    const inside = levels.map(() => 0);
    for (let b = 0; b * binSize < n; b++) {
        const from = b * binSize;
        const to = Math.min(n, from + binSize);
        let sum = 0;
        const hits = levels.map(() => 0);
        for (let t = from; t < to; t++) {
            sum += logScores[t];
            const off = Math.abs(pit[t] - 0.5);
            levels.forEach((level, i) => {
                if (off <= level / 2) hits[i]++;
            });
        }
        total += sum;
        start.push(from);
        count.push(to - from);
        meanLogScore.push(sum / (to - from));
        levels.forEach((level, i) => {
            coverage[levelKey(level)].push(hits[i] / (to - from));
            inside[i] += hits[i];
        });
    }
    levels.forEach((level, i) => {
        overall[levelKey(level)] = n > 0 ? inside[i] / n : NaN;
    });
    return {
        binSize,
        start,
        count,
        meanLogScore,
        coverage,
        overall: { meanLogScore: n > 0 ? total / n : NaN, coverage: overall }
    };
}
