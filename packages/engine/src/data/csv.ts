/**
 * Reading a numeric CSV stream: the file is parsed record by record with csv-parse as it is
 * read from disk (never loaded whole), only the requested columns and rows are kept, and they
 * go straight into typed arrays. Every malformed row stops the read with a DataError naming
 * the file, the 1-based line and what is wrong.
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { CSV_DIALECT } from './csv-dialect.js';
import { CancelledError, DataError } from '../errors.js';
import { unreadableDataFile } from '../files/confine.js';
import { echoName, echoNames } from '../files/echo.js';

/** The kept part of a CSV file: row-major inputs, the target, and each row's line in the file. */
export interface CsvTable {
    n: number;
    /** Row-major n x inputs.length. */
    inputs: Float64Array;
    target: Float64Array;
    lines: Int32Array;
}

export interface CsvRequest {
    path: string;
    target: string;
    inputs: string[];
    /** Data rows [start, end), 0-based, header excluded; all rows when absent. */
    rows?: { start: number; end: number };
}

const STOP_POLL_RECORDS = 4096;

/** Tokens that mean "no value" in common exports (R, pandas, spreadsheets). */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '.', '?']);

/** A plain decimal number, optionally with an exponent (no hex, no "Infinity", no blanks). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Doubling typed buffer, so rows are appended without knowing the row count in advance. */
class Growing<A extends Float64Array | Int32Array> {
    private data: A;
    length = 0;
    constructor(private readonly allocate: (size: number) => A) {
        this.data = allocate(1024);
    }
    push(value: number): void {
        if (this.length === this.data.length) {
            const bigger = this.allocate(this.data.length * 2);
            bigger.set(this.data);
            this.data = bigger;
        }
        this.data[this.length++] = value;
    }
    toArray(): A {
        return this.data.slice(0, this.length) as A;
    }
}

/** Parse one numeric field or throw a DataError that says why it is not a number. */
function parseNumber(text: string, column: string, file: string, line: number): number {
    if (MISSING_TOKENS.has(text.toLowerCase())) {
        throw new DataError(
            text === '' ? `missing value in column '${column}'` : `missing value ('${text}') in column '${column}'`,
            file,
            line
        );
    }
    if (!DECIMAL.test(text)) {
        throw new DataError(`text '${echoName(text)}' in numeric column '${column}'`, file, line);
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
        throw new DataError(
            `value '${text}' in column '${column}' is out of the range of double precision`,
            file,
            line
        );
    }
    return value;
}

/** Read the header line only: the column names (used by the loader to name missing columns). */
function columnIndex(header: string[], name: string, file: string): number {
    const index = header.indexOf(name);
    if (index < 0) {
        throw new DataError(`column '${echoName(name)}' not found; the columns are: ${echoNames(header)}`, file, 1);
    }
    return index;
}

/** `shouldStop` is polled every STOP_POLL_RECORDS records, so a stop asked for during a long read is honoured. */
export async function readCsv(request: CsvRequest, shouldStop?: () => boolean): Promise<CsvTable> {
    const file = request.path;
    const start = request.rows?.start ?? 0;
    const end = request.rows?.end ?? Infinity;
    const unreadable = unreadableDataFile(file);
    if (unreadable) throw new DataError(unreadable, file.replace(/\0/g, '\\0'), 0);
    const input = createReadStream(file);
    const parser = input.pipe(
        parse({
            ...CSV_DIALECT,
            skip_empty_lines: true,
            // Field-count mismatches are reported below, with the header's count in the message.
            relax_column_count: true,
            info: true
        })
    );
    // A missing or unreadable file surfaces as an error of the read stream, not of the parser.
    input.on('error', error => parser.destroy(error));

    let header: string[] | undefined;
    let targetIndex = -1;
    let inputIndex: number[] = [];
    const inputs = new Growing(size => new Float64Array(size));
    const target = new Growing(size => new Float64Array(size));
    const lines = new Growing(size => new Int32Array(size));
    let dataRow = 0;
    let lastLine = 0;
    let lastEmpty = 0;

    try {
        for await (const { record, info: counts } of parser as AsyncIterable<{
            record: string[];
            info: { lines: number; empty_lines: number; records: number };
        }>) {
            // csv-parse counts lines to the end of a record; a quoted line break makes it span more,
            // and messages name the line where the record starts (after any skipped empty lines).
            const info = { lines: lastLine + 1 + (counts.empty_lines - lastEmpty) };
            lastLine = counts.lines;
            lastEmpty = counts.empty_lines;
            if (shouldStop && counts.records % STOP_POLL_RECORDS === 0 && shouldStop()) throw new CancelledError();
            if (!header) {
                header = record;
                targetIndex = columnIndex(header, request.target, file);
                inputIndex = request.inputs.map(name => columnIndex(header!, name, file));
                continue;
            }
            const row = dataRow++;
            if (row < start) continue;
            if (row >= end) break;
            if (record.length !== header.length) {
                throw new DataError(
                    `wrong number of fields: expected ${header.length} (as in the header), found ${record.length}`,
                    file,
                    info.lines
                );
            }
            for (let j = 0; j < inputIndex.length; j++) {
                inputs.push(parseNumber(record[inputIndex[j]!]!, request.inputs[j]!, file, info.lines));
            }
            target.push(parseNumber(record[targetIndex]!, request.target, file, info.lines));
            lines.push(info.lines);
        }
    } catch (error) {
        throw toDataError(error, file, lastLine);
    } finally {
        input.destroy();
    }

    if (!header) throw new DataError('the file is empty (no header line)', file, 1);
    const n = lines.length;
    if (request.rows && dataRow < end) {
        throw new DataError(
            `rows ${start} to ${end} were requested but the file has only ${dataRow} data rows`,
            file,
            Math.max(lastLine, 1)
        );
    }
    if (n === 0) throw new DataError('no data rows after the header', file, Math.max(lastLine, 1));
    return { n, inputs: inputs.toArray(), target: target.toArray(), lines: lines.toArray() };
}

/** File-system and CSV syntax errors, in the same FILE:LINE: form as the row errors. */
function toDataError(error: unknown, file: string, lastLine: number): DataError | CancelledError {
    if (error instanceof DataError || error instanceof CancelledError) return error;
    if (error instanceof CsvError) {
        // The record that failed starts after the last one read (csv-parse reports where it gave up).
        const reported = (error as unknown as { lines?: unknown }).lines;
        const line = error.code === 'CSV_QUOTE_NOT_CLOSED' || typeof reported !== 'number' ? lastLine + 1 : reported;
        return new DataError(
            `malformed CSV: ${echoName(error.message.replace(/^Invalid \w+: /, ''), 200)}`,
            file,
            Math.max(line, 1)
        );
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') return new DataError('file not found', file, 0);
    if (code === 'EISDIR') return new DataError('is a directory, not a CSV file', file, 0);
    if (code === 'EACCES') return new DataError('permission denied', file, 0);
    return new DataError(
        `cannot read the file: ${error instanceof Error ? error.message : String(error)}`,
        file,
        Math.max(lastLine, 0)
    );
}
