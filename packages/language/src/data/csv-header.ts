/**
 * The column names of a CSV file, read from its header line only (a model may point at a large
 * file; validation runs on every keystroke). Cached by path and modification time.
 *
 * Only regular files are read: a device (`/dev/zero`), a FIFO or a directory is refused before
 * any read, since reading one may never end. A header line longer than `MAX_HEADER_BYTES` is an
 * error that says so rather than a silently cut list of columns.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CSV_DIALECT } from '@moe-studio/engine';

export type CsvHeader = { ok: true; columns: string[] } | { ok: false; reason: string };

const cache = new Map<string, { mtimeMs: number; size: number; header: CsvHeader }>();
export const MAX_HEADER_BYTES = 1 << 20;

export function readCsvHeader(path: string): CsvHeader {
    let stat;
    try {
        stat = statSync(path);
    } catch (error) {
        return {
            ok: false,
            reason: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link loop' : 'file not found'
        };
    }
    if (!stat.isFile())
        return {
            ok: false,
            reason: stat.isDirectory()
                ? 'a folder, not a file'
                : 'not a regular file (a device, FIFO or socket is not read)'
        };
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
        // The file may have been swapped for a device between the stat and the open.
        if (!fstatSync(fd).isFile())
            return { ok: false, reason: 'not a regular file (a device, FIFO or socket is not read)' };
        const chunks: Buffer[] = [];
        let total = 0;
        let complete = false;
        const buffer = Buffer.alloc(65536);
        for (;;) {
            const read = readSync(fd, buffer, 0, buffer.length, total);
            if (read === 0) {
                complete = true;
                break;
            }
            const chunk = Buffer.from(buffer.subarray(0, read));
            const newline = chunk.indexOf(10);
            chunks.push(newline >= 0 ? chunk.subarray(0, newline) : chunk);
            total += newline >= 0 ? newline : read;
            if (newline >= 0) {
                complete = true;
                break;
            }
            if (total > MAX_HEADER_BYTES) break;
        }
        if (!complete || total > MAX_HEADER_BYTES) {
            return {
                ok: false,
                reason: `its header line is longer than ${MAX_HEADER_BYTES / (1 << 20)} MiB, the most that is read`
            };
        }
        const line = Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
        if (line.trim() === '') return { ok: false, reason: 'the file is empty (no header line)' };
        let records: string[][];
        try {
            records = parse(line, CSV_DIALECT) as string[][];
        } catch (error) {
            // csv-parse's messages quote the offending text; only its code is kept.
            return {
                ok: false,
                reason: `its first line is not a CSV header (${(error as { code?: string }).code ?? 'unreadable'})`
            };
        }
        return { ok: true, columns: records[0] ?? [] };
    } catch (error) {
        return {
            ok: false,
            reason: (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : 'it cannot be read'
        };
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}
