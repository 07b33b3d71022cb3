/**
 * Number of data rows of a CSV file (records after the header), for splits by fraction. Read by
 * the compiler only, never during validation.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export function countCsvRows(path: string): number {
    const records = parse(readFileSync(path, 'utf8'), { skip_empty_lines: true, relax_column_count: true }) as unknown[];
    return Math.max(0, records.length - 1);
}
