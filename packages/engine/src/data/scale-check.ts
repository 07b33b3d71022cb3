/**
 * Inputs or targets so large that their squares leave double precision (|v| beyond about 1e154)
 * make every normal equation infinite; the fit then fails deep inside a linear solve with a
 * message about matrices. Said up front instead, naming the column, its scale and the fix.
 */
import { DataError } from '../errors.js';
import type { Dataset } from './dataset.js';

/** Largest magnitude whose square times a million rows is still finite. */
export const MAX_DATA_MAGNITUDE = 1e150;

export function checkDataScale(data: Dataset): void {
    const file = data.source.kind === 'csv' ? data.source.path : data.name;
    const refuse = (what: string, value: number, row: number) => {
        const line = data.lines.length > row ? data.lines[row] : row + 1;
        throw new DataError(
            `${what} is at scale ${Math.abs(value).toExponential(1)}, beyond what the fit can square in double precision (at most ${MAX_DATA_MAGNITUDE.toExponential(0)}): ` +
                'rescale it, or set `standardize = true` on the data source',
            file,
            line
        );
    };
    for (let t = 0; t < data.n; t++) {
        for (let j = 0; j < data.d; j++) {
            const v = data.X[t * data.d + j];
            if (Math.abs(v) > MAX_DATA_MAGNITUDE) refuse(`input '${data.columns[j]}'`, v, t);
        }
        if (Math.abs(data.y[t]) > MAX_DATA_MAGNITUDE) refuse('the target', data.y[t], t);
    }
}
