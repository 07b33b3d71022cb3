/**
 * `moe check` and `moe compile`: output format and exit codes (the command functions are called
 * directly, with standard output and error captured).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { checkCommand } from '../../packages/cli/src/commands/check.js';
import { compileCommand } from '../../packages/cli/src/commands/compile.js';
import { EXAMPLES, FIXTURES, GOLDEN, REPO_ROOT, read } from './helpers.js';

let stdout = '';
let stderr = '';

beforeEach(() => {
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
    });
});
afterEach(() => vi.restoreAllMocks());

const LINE_FORMAT = /^(.+\.moe):(\d+):(\d+): (error|warning): (.+)$/;

describe('moe check', () => {
    it('exits 0 and prints nothing for clean models', async () => {
        expect(await checkCommand([join(EXAMPLES, 'hs-moe-synthetic.moe'), join(EXAMPLES, 'priors.moe')])).toBe(0);
        expect(stdout).toBe('');
    });

    it('prints FILE:LINE:COLUMN: error: MESSAGE and exits 1 on errors', async () => {
        const file = join(FIXTURES, 'bad', 'unknown-prior.moe');
        expect(await checkCommand([file])).toBe(1);
        const lines = stdout.trim().split('\n');
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line).toMatch(LINE_FORMAT);
        expect(lines).toContain(
            `${relative(process.cwd(), file)}:5:50: error: Unknown prior 'coeff'. Did you mean 'coef'?`
        );
    });

    it('exits 0 when there are only warnings', async () => {
        expect(await checkCommand([join(FIXTURES, 'bad', 'warning-unused-prior.moe')])).toBe(0);
        expect(stdout).toMatch(/:2:7: warning: Prior 'spare' is declared but never used\.\n$/);
    });

    it.each([
        ['a missing file', join(FIXTURES, 'nothing-here.moe'), /no such file/],
        ['a file that is not .moe', join(FIXTURES, 'data', 'xy.csv'), /not a \.moe file/],
        ['a folder', join(FIXTURES, 'good') + '.moe', /no such file|not a file/]
    ])('exits 2 with one line for %s', async (_what, file, message) => {
        expect(await checkCommand([file])).toBe(2);
        expect(stderr.trim().split('\n')).toHaveLength(1);
        expect(stderr).toMatch(message);
    });
});

describe('moe compile', () => {
    it('writes the plan to standard output', async () => {
        expect(await compileCommand(join(EXAMPLES, 'hmoe-softmax-softmax.moe'))).toBe(0);
        expect(stdout.split(REPO_ROOT).join('<root>')).toBe(read(join(GOLDEN, 'hmoe-softmax-softmax.plan.json')));
    });

    it('writes the plan to -o', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'moe-compile-'));
        onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
        const out = join(folder, 'plan.json');
        expect(await compileCommand(join(EXAMPLES, 'motorcycle.moe'), out)).toBe(0);
        expect(stdout).toBe('');
        const text = readFileSync(out, 'utf8');
        expect(text.split(REPO_ROOT).join('<root>')).toBe(read(join(GOLDEN, 'motorcycle.plan.json')));
    });

    it('prints the errors and exits 1 on an invalid model, writing no plan', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'moe-compile-'));
        onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
        const out = join(dir, 'plan.json');
        writeFileSync(out, 'untouched');
        expect(await compileCommand(join(FIXTURES, 'bad', 'range-particles.moe'), out)).toBe(1);
        expect(stderr).toMatch(/range-particles\.moe:6:39: error: 'particles' must be integer >= 1; found 0\./);
        expect(readFileSync(out, 'utf8')).toBe('untouched');
    });

    it('exits 2 for a file that does not exist', async () => {
        expect(await compileCommand(join(FIXTURES, 'nothing-here.moe'))).toBe(2);
        expect(stderr).toMatch(/^moe: .*nothing-here\.moe: no such file\n$/);
    });
});
