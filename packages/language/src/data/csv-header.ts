/**
 * The column names of a CSV file, read from its header line only (a model may point at a large
 * file; validation runs on every keystroke). Cached by path and modification time.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type CsvHeader = { ok: true; columns: string[] } | { ok: false; reason: string };

const cache = new Map<string, { mtimeMs: number; size: number; header: CsvHeader }>();
const MAX_HEADER_BYTES = 1 << 20;

export function readCsvHeader(path: string): CsvHeader {
    let stat;
    try {
        stat = statSync(path);
    } catch {
        return { ok: false, reason: 'file not found' };
    }
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.header;
    const header = readHeaderLine(path);
    cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, header });
    return header;
}

function readHeaderLine(path: string): CsvHeader {
    let fd: number | undefined;
    try {
        fd = openSync(path, 'r');
        const chunks: Buffer[] = [];
        let total = 0;
        const buffer = Buffer.alloc(4096);
        for (;;) {
            const read = readSync(fd, buffer, 0, buffer.length, total);
            if (read === 0) break;
            const chunk = Buffer.from(buffer.subarray(0, read));
            const newline = chunk.indexOf(10);
            chunks.push(newline >= 0 ? chunk.subarray(0, newline) : chunk);
            total += read;
            if (newline >= 0 || total >= MAX_HEADER_BYTES) break;
        }
        const line = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
        if (line.trim() === '') return { ok: false, reason: 'the file is empty (no header line)' };
        const records = parse(line, { relax_quotes: true, trim: true }) as string[][];
        const columns = records[0] ?? [];
        return { ok: true, columns };
    } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}
