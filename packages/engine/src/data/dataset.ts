import type { SourceSpec } from '../plan/types.js';

/**
 * A loaded stream: the design matrix (intercept column first when the source asks for one)
 * and the target, in typed arrays so the runners' hot loops index them directly.
 */
export interface Dataset {
    /** Stream name from the plan (for messages). */
    name: string;
    n: number;
    /** Columns of the design vector, intercept included. */
    d: number;
    /** Row-major n x d design matrix. */
    X: Float64Array;
    y: Float64Array;
    /** Column names: "(intercept)" first when present, then the inputs. */
    columns: string[];
    /** For CSV rows, the 1-based line in the file of each row; empty for synthetic streams. */
    lines: Int32Array;
    /** The source that produced it (the generator's truth, for estimation errors). */
    source: SourceSpec;
    /** Raw row index (before any split) of row 0; the shift generator's shift is in raw rows. */
    firstRow: number;
    /**
     * The training-row statistics the inputs (and target) were z-scored with, when the source
     * asked for standardisation; pass them to `loadStream` for the held-out stream.
     */
    standardization?: Standardization;
}

/** Means and standard deviations (of the training rows) used to z-score a CSV stream. */
export interface Standardization {
    /** Input column names, in design order (intercept excluded). */
    inputs: string[];
    mean: number[];
    sd: number[];
    /** Present when the target was standardised too. */
    target?: { name: string; mean: number; sd: number };
}

/** Row i of the design matrix, as a view (no copy). */
export function designRow(data: Dataset, i: number): Float64Array {
    return data.X.subarray(i * data.d, (i + 1) * data.d);
}
