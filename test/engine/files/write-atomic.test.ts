/**
 * Result files are written atomically: a writer killed with SIGKILL at any moment leaves the
 * previous good file whole (never 0 bytes or half a JSON), streamed JSON equals JSON.stringify's,
 * and a failed write leaves no temporary file behind.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../../packages/engine/src/files/write-atomic.js';
import { liveTemporaries } from '../../../packages/engine/src/files/live-temporaries.js';

const dir = mkdtempSync(join(tmpdir(), 'moe-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const temporaries = (folder: string) => readdirSync(folder).filter(f => f.endsWith('.tmp'));

/** A result-like value of a few megabytes: nested objects, long number arrays, strings to escape. */
function bigValue(generation: number): unknown {
    return {
        generation,
        name: 'quote " backslash \\ newline \n unicode é',
        trace: Array.from({ length: 200_000 }, (_, i) => Math.sin(i + generation) * 1e-3),
        nested: { empty: [], nothing: null, flag: true, deep: [[1, 2], { a: [3] }] }
    };
}

describe('writeJsonAtomic', () => {
    test('writes exactly what JSON.stringify(value, null, 2) and a line break give', async () => {
        const value = bigValue(1);
        const path = join(dir, 'same.json');
        await writeJsonAtomic(path, value);
        expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });

    test('a failed write leaves the target as it was and no temporary file', async () => {
        const path = join(dir, 'kept.json');
        writeFileSync(path, '{"old": true}\n');
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expect(writeJsonAtomic(path, circular)).rejects.toThrow();
        expect(readFileSync(path, 'utf8')).toBe('{"old": true}\n');
        expect(readdirSync(dir).filter(f => f.startsWith('.kept.json'))).toEqual([]);
    });

    test('a failed rename (the target is a folder) and a source that fails midway leave no temporary file', async () => {
        const folder = mkdtempSync(join(dir, 'fail-'));
        mkdirSync(join(folder, 'taken.json'));
        await expect(writeFileAtomic(join(folder, 'taken.json'), 'x')).rejects.toThrow();
        const failing = Readable.from(
            (async function* () {
                yield 'half a file';
                throw new Error('source failed');
            })()
        );
        await expect(writeFileAtomic(join(folder, 'half.json'), failing)).rejects.toThrow('source failed');
        expect(temporaries(folder)).toEqual([]);
        expect(readdirSync(folder)).toEqual(['taken.json']);
        expect(liveTemporaries()).toEqual([]);
    });

    test('writes into a missing folder fail without creating anything', async () => {
        await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow(/ENOENT/);
    });
});

describe('killed while writing', () => {
    test('SIGKILL at 12 moments during a rewrite always leaves a whole JSON file', async () => {
        // The writer as a plain script: write-atomic bundled for node, rewriting one file in a loop.
        const script = join(dir, 'writer.mjs');
        await build({
            stdin: {
                contents: `import { writeJsonAtomic } from ${JSON.stringify(resolve(__dirname, '../../../packages/engine/src/files/write-atomic.ts'))};
                    const [path] = process.argv.slice(2);
                    const trace = Array.from({ length: 300000 }, (_, i) => i * 0.5);
                    for (let generation = 2; ; generation++) {
                        process.stdout.write('start\\n');
                        await writeJsonAtomic(path, { generation, trace });
                    }`,
                resolveDir: dir,
                loader: 'ts'
            },
            bundle: true,
            platform: 'node',
            format: 'esm',
            outfile: script,
            logLevel: 'silent'
        });
        const target = join(dir, 'result.json');
        writeFileSync(target, `${JSON.stringify({ generation: 1, trace: [] }, null, 2)}\n`);
        for (let round = 0; round < 12; round++) {
            const child = spawn(process.execPath, [script, target], { stdio: ['ignore', 'pipe', 'inherit'] });
            let output = '';
            child.stdout.on('data', chunk => {
                output += String(chunk);
            });
            // Kill 0 to 110 ms after a write starts (a write of this file takes longer than that).
            await new Promise<void>(done => {
                const poll = setInterval(() => {
                    if (output.includes('start')) {
                        clearInterval(poll);
                        setTimeout(done, 10 * round);
                    }
                }, 1);
            });
            child.kill('SIGKILL');
            await new Promise(done => child.once('exit', done));
            const text = readFileSync(target, 'utf8');
            expect(text.length, `round ${round}`).toBeGreaterThan(0);
            // Either the previous file or one that was completely written, never a part of one.
            const parsed = JSON.parse(text) as { generation: number; trace: number[] };
            expect(parsed.trace).toHaveLength(parsed.generation === 1 ? 0 : 300_000);
        }
    }, 60_000);
});

describe('stopped by a signal while writing', () => {
    test.each(['SIGINT', 'SIGTERM'] as const)(
        '%s mid-write removes the temporary file and still ends the process',
        async signal => {
            const folder = mkdtempSync(join(dir, 'signal-'));
            const script = join(folder, 'slow-writer.mjs');
            // A write whose source never ends: it is always mid-write when the signal comes.
            await build({
                stdin: {
                    contents: `import { Readable } from 'node:stream';
                    import { writeFileAtomic } from ${JSON.stringify(resolve(__dirname, '../../../packages/engine/src/files/write-atomic.ts'))};
                    const slow = Readable.from((async function* () {
                        for (let i = 0; ; i++) { yield 'chunk ' + i + '\\n'; if (i === 3) process.stdout.write('writing\\n'); await new Promise(r => setTimeout(r, 20)); }
                    })());
                    await writeFileAtomic(process.argv[2], slow);`,
                    resolveDir: folder,
                    loader: 'ts'
                },
                bundle: true,
                platform: 'node',
                format: 'esm',
                outfile: script,
                logLevel: 'silent'
            });
            const child = spawn(process.execPath, [script, join(folder, 'result.txt')], {
                stdio: ['ignore', 'pipe', 'inherit']
            });
            await new Promise<void>(done =>
                child.stdout.on('data', chunk => {
                    if (String(chunk).includes('writing')) done();
                })
            );
            expect(temporaries(folder)).toHaveLength(1);
            child.kill(signal);
            const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>(done =>
                child.once('exit', (c, s) => done([c, s]))
            );
            expect({ code, ended }).toEqual({ code: null, ended: signal });
            expect(temporaries(folder)).toEqual([]);
            expect(readdirSync(folder)).toEqual(['slow-writer.mjs']);
        },
        60_000
    );
});
