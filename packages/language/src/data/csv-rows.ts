/**
 * Number of data rows of a CSV file (records after the header), for splits by fraction. Read by
 * the compiler only, never during validation.
 *
 * Counted in one pass over fixed-size chunks, so memory stays flat in the file's size (parsing the
 * whole file took 16 times its size). Written by hand because csv-parse has no synchronous
 * streaming interface and compiling is synchronous; the count follows csv-parse's rules as the
 * engine's loader uses them: a record ends at a line break outside double quotes (`""` inside
 * quotes is an escaped quote), and empty lines are skipped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function countCsvRows(path: string): number {
    const fd = openSync(path, 'r');
    try {
        if (!fstatSync(fd).isFile())
            throw new Error(`${path} is not a regular file (a device, FIFO or socket is not read)`);
        const buffer = Buffer.alloc(CHUNK_BYTES);
        let records = 0;
        let inQuotes = false;
        // Whether the current record has any character yet (an empty line is no record).
        let started = false;
        let position = 0;
        for (;;) {
            const read = readSync(fd, buffer, 0, CHUNK_BYTES, position);
            if (read === 0) break;
            position += read;
            for (let i = 0; i < read; i++) {
                const byte = buffer[i];
                if (byte === QUOTE) {
                    // An escaped quote toggles twice: the state is right either way.
                    inQuotes = !inQuotes;
                    started = true;
                } else if ((byte === LF || byte === CR) && !inQuotes) {
                    if (started) records++;
                    started = false;
                } else {
                    started = true;
                }
            }
        }
        if (started) records++;
        return Math.max(0, records - 1);
    } finally {
        closeSync(fd);
    }
}
