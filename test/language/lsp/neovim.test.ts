/**
 * The language server with an LSP client it was not written with: Neovim's built-in client,
 * headless, against `moe-language-server --stdio`. Checks what a Neovim user sees: warnings
 * hidden by the server-side setting, completion without snippet syntax or VS Code commands,
 * formatting, and a quick fix on a line with non-ASCII text that keeps the line whole.
 * Skips (saying why) when `nvim` is not installed (Debian: apt-get install neovim).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = resolve(root, 'packages/cli/bin/moe-language-server.cjs');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
const built = existsSync(resolve(root, 'packages/cli/dist/moe.cjs'));
if (!hasNvim) console.warn('neovim.test.ts skipped: nvim is not installed (apt-get install neovim)');
if (!built) console.warn('neovim.test.ts skipped: packages/cli/dist/moe.cjs is not built (npm run build)');

interface Seen {
    errors: string[];
    attached: boolean;
    offset_encoding: string;
    diagnostics: Array<{ lnum: number; col: number; severity: number; message: string }>;
    completion: Array<{ label: string; format: number; text: string; command: string | null }>;
    formatting: Array<{ newText: string }> | null;
    actions: Array<{
        title: string;
        edits: Array<{
            range: { start: { line: number; character: number }; end: { line: number; character: number } };
            newText: string;
        }>;
    }>;
    unadvertised: { err: number | null } | null;
    inlay_advertised: boolean;
    legend: string[] | null;
    inlay: Array<{ line: number; character: number; label: string }>;
    semantic: number[] | null;
    fix_request_column: number;
}

const model = [
    'prior spare = normal(mean = 0, variance = 1)',
    '/* données: café */ prior coef = normal(mean = 0, varience = 10)',
    'model m {',
    '    data train = sparse_experts(n = 100, seed = 1)',
    '  experts ~ gaussian(count = 2, coefficients = coef)',
    '    gate ~ stick_breaking()',
    '    fit particle_learning()',
    '}',
    ''
].join('\n');

describe.skipIf(!hasNvim || !built)("Neovim's built-in LSP client", () => {
    const dir = mkdtempSync(join(tmpdir(), 'moe-nvim-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let seen: Seen;

    it('attaches and reports what it saw', () => {
        const file = join(dir, 'model.moe');
        writeFileSync(file, model);
        const out = join(dir, 'seen.json');
        const run = spawnSync(
            'nvim',
            [
                '--headless',
                '-u',
                'NONE',
                '-i',
                'NONE',
                '-n',
                '-c',
                `luafile ${resolve(root, 'test/language/lsp/neovim/client.lua')}`
            ],
            {
                cwd: dir,
                encoding: 'utf8',
                timeout: 90_000,
                env: {
                    ...process.env,
                    MOE_OUT: out,
                    MOE_FILE: file,
                    MOE_BIN: bin,
                    MOE_NODE: process.execPath,
                    MOE_COMPLETION_LINE: '5',
                    MOE_COMPLETION_CHARACTER: '11',
                    MOE_FIX_MESSAGE: 'varience'
                }
            }
        );
        expect(existsSync(out), `nvim wrote no results:\n${run.stderr}\n${run.stdout}`).toBe(true);
        seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
        expect(seen.errors).toEqual([]);
        expect(seen.attached).toBe(true);
    });

    it('shows errors and, with pedantic warnings off on the server, no warnings', () => {
        expect(seen.diagnostics.some(d => d.severity === 1 && /varience/.test(d.message))).toBe(true);
        expect(seen.diagnostics.filter(d => d.severity === 2)).toEqual([]);
    });

    it('gets completion without snippets or VS Code commands (Neovim announces no snippet support)', () => {
        const labels = seen.completion.map(c => c.label);
        expect(labels).toContain('stick_breaking');
        for (const item of seen.completion) {
            expect(item.format, item.label).toBe(1);
            expect(item.text, item.label).not.toMatch(/\$\{?\d/);
            expect(item.command, item.label).toBeNull();
        }
    });

    it('formats the model', () => {
        // The under-indented `experts` line is re-indented to four spaces.
        expect(seen.formatting?.some(e => e.newText.endsWith('\n    '))).toBe(true);
    });

    it('fixes the misspelt parameter on a line with non-ASCII text, keeping the rest of the line', () => {
        const fix = seen.actions.find(a => a.title.includes('variance'));
        expect(fix, JSON.stringify(seen.actions)).toBeDefined();
        const lines = model.split('\n');
        const [edit] = fix!.edits;
        expect(edit.range.start.line).toBe(1);
        const line = lines[1];
        // Neovim keeps diagnostic columns as byte indices: the request's copy sits past the
        // server's range by the extra bytes of 'é' (twice), yet the fix uses the server's range.
        expect(seen.offset_encoding).toBe('utf-16');
        expect(seen.fix_request_column).toBe(line.indexOf('varience') + 2);
        expect(edit.range.start.character).toBe(line.indexOf('varience'));
        const fixed = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
        expect(fixed).toBe('/* données: café */ prior coef = normal(mean = 0, variance = 10)');
    });

    it('gets inlay hints of the defaults the compiler fills in, after the last argument', () => {
        expect(seen.inlay_advertised).toBe(true);
        const lines = model.split('\n');
        const fit = seen.inlay.find(h => h.line === 6);
        expect(fit, JSON.stringify(seen.inlay)).toBeDefined();
        expect(fit!.character).toBe(lines[6].indexOf(')'));
        expect(fit!.label).toMatch(/^particles: 1000, resampling: systematic, .*chains: 4/);
    });

    it('gets semantic tokens in UTF-16 columns: the prior after non-ASCII text on its line', () => {
        expect(seen.legend).toContain('variable');
        const rows: number[][] = [];
        for (let i = 0; i < seen.semantic!.length; i += 5) rows.push(seen.semantic!.slice(i, i + 5));
        // Absolute positions from the relative encoding.
        let line = 0;
        let character = 0;
        const tokens = rows.map(([dl, dc, length, type]) => {
            line += dl;
            character = dl === 0 ? character + dc : dc;
            return { line, character, length, type: seen.legend![type] };
        });
        const second = model.split('\n')[1];
        expect(tokens.find(t => t.line === 1 && t.type === 'variable')).toEqual({
            line: 1,
            character: second.indexOf('coef'),
            length: 4,
            type: 'variable'
        });
    });

    it('refuses a method the server does not advertise with MethodNotFound', () => {
        expect(seen.unadvertised?.err).toBe(-32601);
    });
});
