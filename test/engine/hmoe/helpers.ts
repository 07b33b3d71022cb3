import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../../packages/engine/src/data/dataset.js';
import type { EmSpec, ExecutionPlan, GateKind, SourceSpec } from '../../../packages/engine/src/plan/types.js';
import { gateInputs, type HmoeShape } from '../../../packages/engine/src/hmoe/model.js';
import { varianceFloorFor, type EmProblem } from '../../../packages/engine/src/hmoe/problem.js';

export const MCYCLE = fileURLToPath(new URL('../../../examples/data/mcycle.csv', import.meta.url));

/** An EM plan for a dataset (the fields runEm reads; the rest filled with valid values). */
export function emPlan(
    train: Dataset,
    outer: { gate: GateKind; branches: number },
    inner: { gate: GateKind; branches: number },
    inference: Partial<EmSpec> = {}
): ExecutionPlan {
    return {
        planVersion: 2,
        model: { name: 'test', source: '/tmp/test.moe' },
        data: { train: { name: train.name, source: train.source, line: 1 } },
        experts: {
            family: 'gaussian',
            count: outer.branches * inner.branches,
            dimension: train.d,
            prior: { kind: 'normal-inverse-gamma', mean: new Array(train.d).fill(0), scale: 1, shape: 1, rate: 1 }
        },
        gate: { type: 'hierarchical', outer, inner },
        inference: {
            algorithm: 'em',
            maxIterations: 500,
            tolerance: 1e-8,
            restarts: 3,
            initialization: 'flat-mixture',
            seed: 1,
            ...inference
        },
        predictive: { intervals: [0.5, 0.9] }
    };
}

/** A Dataset from raw columns (intercept added), tagged with a CSV source. */
export function datasetFrom(name: string, inputs: number[][], y: number[], columns: string[]): Dataset {
    const n = y.length;
    const p = columns.length;
    const d = p + 1;
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
        X[i * d] = 1;
        for (let j = 0; j < p; j++) X[i * d + 1 + j] = inputs[i][j];
    }
    const source: SourceSpec = {
        kind: 'csv',
        path: `/tmp/${name}.csv`,
        target: 'y',
        inputs: columns,
        intercept: true,
        standardize: false,
        standardizeTarget: false
    };
    return {
        name,
        n,
        d,
        X,
        y: Float64Array.from(y),
        columns: ['(intercept)', ...columns],
        lines: new Int32Array(0),
        source,
        firstRow: 0
    };
}

/**
 * Silverman's motorcycle data, standardised with the training rows' mean and sd (time and
 * acceleration). Rows i with i % 4 === 3 are held out: the rows are sorted by time, so an
 * interleaved split keeps the held-out times inside the training range.
 */
export function mcycle(): { all: Dataset; train: Dataset; test: Dataset } {
    const rows = readFileSync(MCYCLE, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map(line => line.split(',').map(Number));
    const trainRows = rows.filter((_, i) => i % 4 !== 3);
    const testRows = rows.filter((_, i) => i % 4 === 3);
    const stats = (values: number[]) => {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
        return { mean, sd };
    };
    const t = stats(trainRows.map(r => r[0]));
    const a = stats(trainRows.map(r => r[1]));
    const make = (name: string, rs: number[][]) =>
        datasetFrom(
            name,
            rs.map(r => [(r[0] - t.mean) / t.sd]),
            rs.map(r => (r[1] - a.mean) / a.sd),
            ['times']
        );
    return { all: make('mcycle', rows), train: make('train', trainRows), test: make('test', testRows) };
}

/** The EM problem of a dataset for a given tree. */
export function problemOf(data: Dataset, k1: number, k2: number, outerGate: GateKind, innerGate: GateKind): EmProblem {
    const { Z, p } = gateInputs(data.X, data.n, data.d, true);
    const shape: HmoeShape = { k1, k2, outerGate, innerGate, d: data.d, p };
    return { shape, n: data.n, X: data.X, Z, y: data.y, varianceFloor: varianceFloorFor(data.y, data.n).floor };
}

export const COMBINATIONS: Array<[GateKind, GateKind]> = [
    ['softmax', 'softmax'],
    ['softmax', 'laplace'],
    ['laplace', 'laplace'],
    ['laplace', 'softmax']
];
