/**
 * The motorcycle data as the one-input tests read it: examples/data/mcycle-shuffled.csv (the rows
 * of mcycle.csv in a fixed random order), read here directly from the CSV so that closed forms
 * computed from it are independent of the engine's loader, and the stream spec that z-scores both
 * the input and the target.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StreamSpec } from '../../../packages/engine/src/plan/types.js';

export const MCYCLE_SHUFFLED = fileURLToPath(new URL('../../../examples/data/mcycle-shuffled.csv', import.meta.url));

/** times (x) and accel (y) of every row, in file order. */
export function motorcycleRows(): { x: number[]; y: number[] } {
    const [header, ...lines] = readFileSync(MCYCLE_SHUFFLED, 'utf8').trim().split(/\r?\n/);
    const names = header.split(',').map(s => s.trim().replace(/^"|"$/g, ''));
    const rows = lines.map(l => l.split(',').map(Number));
    return { x: rows.map(r => r[names.indexOf('times')]), y: rows.map(r => r[names.indexOf('accel')]) };
}

/** Mean and sample standard deviation, computed directly. */
export function moments(values: number[]): { mean: number; sd: number } {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) };
}

/** Every row as the training stream, input and target z-scored. */
export const motorcycleStandardized: StreamSpec = {
    name: 'train',
    line: 1,
    source: {
        kind: 'csv',
        path: MCYCLE_SHUFFLED,
        target: 'accel',
        inputs: ['times'],
        intercept: true,
        standardize: true,
        standardizeTarget: true
    }
};
