/**
 * Data streams: how fast a CSV is streamed into typed arrays (and z-scored), and how fast the
 * synthetic generators produce rows. Figures are rows per second, best of three.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { sparseExpertsSource } from '../../packages/engine/src/plan/sparse-experts-source.js';
import { Rng } from '../../packages/engine/src/random/rng.js';
import type { StreamSpec } from '../../packages/engine/src/plan/types.js';

const ROWS = 200_000;
const INPUTS = 5;

async function bestOf(runs: number, task: () => Promise<unknown>): Promise<number> {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
        const started = process.hrtime.bigint();
        await task();
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
    }
    return best;
}

function rate(rows: number, seconds: number): string {
    return `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s (${seconds.toFixed(3)} s for ${rows.toLocaleString('en-US')} rows)`;
}

const dir = mkdtempSync(join(tmpdir(), 'moe-bench-'));
try {
    const rng = new Rng(1, 'bench-csv');
    const names = Array.from({ length: INPUTS }, (_, j) => `x${j + 1}`);
    const lines = [[...names, 'y'].join(',')];
    for (let i = 0; i < ROWS; i++) {
        lines.push(Array.from({ length: INPUTS + 1 }, () => rng.normal().toFixed(6)).join(','));
    }
    const path = join(dir, 'data.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const csv: StreamSpec = {
        name: 'train',
        line: 1,
        source: {
            kind: 'csv',
            path,
            target: 'y',
            inputs: names,
            intercept: true,
            standardize: true,
            standardizeTarget: true
        }
    };
    console.log(
        `CSV, ${INPUTS} inputs + target, streamed and standardised: ${rate(ROWS, await bestOf(3, () => loadStream(csv)))}`
    );

    const sparse: StreamSpec = {
        name: 'train',
        line: 1,
        source: sparseExpertsSource(ROWS, 20260114)
    };
    console.log(`sparse-experts generator (K = 10, p = 5): ${rate(ROWS, await bestOf(3, () => loadStream(sparse)))}`);

    const hierarchical: StreamSpec = {
        name: 'train',
        line: 1,
        source: {
            kind: 'hierarchical',
            n: ROWS,
            inputs: 2,
            inputRange: { low: -1, high: 1 },
            outer: {
                gate: 'laplace',
                weights: [
                    [1, 0.5],
                    [-1, -0.5]
                ],
                bias: [0, 0]
            },
            inner: [
                {
                    gate: 'laplace',
                    weights: [
                        [0.5, -1],
                        [-0.5, 1]
                    ],
                    bias: [0, 0]
                },
                {
                    gate: 'laplace',
                    weights: [
                        [1, 1],
                        [-1, -1]
                    ],
                    bias: [0, 0]
                }
            ],
            experts: [
                [
                    { coefficients: [1, 2, -1], variance: 0.1 },
                    { coefficients: [-1, -2, 1], variance: 0.1 }
                ],
                [
                    { coefficients: [0.5, 1, 2], variance: 0.1 },
                    { coefficients: [-0.5, -1, -2], variance: 0.1 }
                ]
            ],
            intercept: true,
            seed: 1000
        }
    };
    console.log(
        `hierarchical generator (2 x 2, Laplace gates): ${rate(ROWS, await bestOf(3, () => loadStream(hierarchical)))}`
    );
} finally {
    rmSync(dir, { recursive: true, force: true });
}
