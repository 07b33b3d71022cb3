/**
 * Loading one stream of a plan into a Dataset: a CSV file (streamed, standardised with the
 * training statistics) or one of the synthetic generators, restricted to the stream's rows.
 */
import { PlanError } from '../errors.js';
import type { SourceSpec, StreamSpec } from '../plan/types.js';
import type { Dataset, Standardization } from './dataset.js';
import { readCsv } from './csv.js';
import { applyStandardization, trainingStatistics } from './standardize.js';
import type { SyntheticSample } from './generators/categorical.js';
import { generateSparseExperts } from './generators/sparse-experts.js';
import { generateHierarchical } from './generators/hierarchical.js';
import { generateShift } from './generators/shift.js';

export const INTERCEPT_COLUMN = '(intercept)';

/** Row-major design matrix: an optional leading column of ones, then the inputs. */
function designMatrix(inputs: Float64Array, n: number, p: number, intercept: boolean): Float64Array {
    if (!intercept) return inputs;
    const d = p + 1;
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
        X[i * d] = 1;
        X.set(inputs.subarray(i * p, (i + 1) * p), i * d + 1);
    }
    return X;
}

function columnNames(inputs: string[], intercept: boolean): string[] {
    return intercept ? [INTERCEPT_COLUMN, ...inputs] : [...inputs];
}

/**
 * Load `spec`. For a CSV source that asks for standardisation, `trainStats` are the training
 * stream's statistics (`Dataset.standardization` of the loaded training stream); without them
 * the stream is the training stream and computes its own.
 */
export async function loadStream(
    spec: StreamSpec,
    trainStats?: Standardization,
    shouldStop?: () => boolean
): Promise<Dataset> {
    const source = spec.source;
    if (source.kind === 'csv') {
        const table = await readCsv(
            { path: source.path, target: source.target, inputs: source.inputs, rows: spec.rows },
            shouldStop
        );
        let standardization: Standardization | undefined;
        if (source.standardize) {
            if (trainStats && trainStats.inputs.join('\u0000') !== source.inputs.join('\u0000')) {
                throw new PlanError(
                    `the training statistics are for inputs (${trainStats.inputs.join(', ')}), not (${source.inputs.join(', ')})`,
                    '/data/test/source/inputs'
                );
            }
            standardization =
                trainStats ??
                trainingStatistics(
                    table.inputs,
                    source.inputs,
                    table.target,
                    source.target,
                    source.standardizeTarget,
                    source.path
                );
            applyStandardization(standardization, table.inputs, table.target);
        }
        return {
            name: spec.name,
            n: table.n,
            d: source.inputs.length + (source.intercept ? 1 : 0),
            X: designMatrix(table.inputs, table.n, source.inputs.length, source.intercept),
            y: table.target,
            columns: columnNames(source.inputs, source.intercept),
            lines: table.lines,
            source,
            firstRow: spec.rows?.start ?? 0,
            ...(standardization ? { standardization } : {})
        };
    }
    const start = spec.rows?.start ?? 0;
    const end = spec.rows?.end ?? source.n;
    const sample = generate(source, end);
    const n = end - start;
    const p = sample.p;
    const inputs = sample.x.subarray(start * p, end * p);
    return {
        name: spec.name,
        n,
        d: p + (source.intercept ? 1 : 0),
        X: designMatrix(source.intercept ? inputs : inputs.slice(), n, p, source.intercept),
        y: sample.y.slice(start, end),
        columns: columnNames(
            Array.from({ length: p }, (_, j) => `x${j + 1}`),
            source.intercept
        ),
        lines: new Int32Array(0),
        source,
        firstRow: start
    };
}

function generate(source: Exclude<SourceSpec, { kind: 'csv' }>, rows: number): SyntheticSample {
    switch (source.kind) {
        case 'sparse-experts':
            return generateSparseExperts(source, rows);
        case 'hierarchical':
            return generateHierarchical(source, rows);
        case 'shift':
            return generateShift(source, rows);
    }
}
