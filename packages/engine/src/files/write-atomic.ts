/**
 * Every result file is written atomically: to a temporary file in the same folder (so the rename
 * stays on one file system), flushed to disk, then renamed over the target. A crash or kill at any
 * moment leaves either the previous file or the new one whole, never a truncated mix; a failed
 * write removes its temporary file, and so does a process ended by a signal mid-write
 * (live-temporaries.ts).
 *
 * JSON is streamed (json-stream-stringify) rather than built as one string: a result of millions of
 * observations is longer than V8's largest string ("Invalid string length").
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JsonStreamStringify } from 'json-stream-stringify';
import { trackTemporary, untrackTemporary } from './live-temporaries.js';

/** The temporary sibling a write goes to first: hidden, and unique per process and call. */
export function temporarySibling(path: string): string {
    return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `content` (text, bytes, or a stream of either) to `path` atomically. */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Readable): Promise<void> {
    const temp = temporarySibling(path);
    trackTemporary(temp);
    try {
        const source =
            typeof content === 'string' || content instanceof Uint8Array ? Readable.from([content]) : content;
        await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
        const handle = await open(temp, 'r+');
        try {
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temp, path);
    } catch (error) {
        await rm(temp, { force: true });
        throw error;
    } finally {
        untrackTemporary(temp);
    }
}

/** `JSON.stringify(value, null, 2)` and a final line break, streamed to `path` atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
    const json = new JsonStreamStringify(value, undefined, 2);
    await writeFileAtomic(
        path,
        Readable.from(
            (async function* () {
                for await (const chunk of json) yield chunk;
                yield '\n';
            })()
        )
    );
}
