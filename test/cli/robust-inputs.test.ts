/**
 * Hostile inputs to the built `moe`: data paths outside the model's or plan's folder, devices,
 * NUL bytes, symbolic link loops, a plan with a byte-order mark, a plan nested 100,000 deep, a
 * model nested 400 deep. Each gets its exit code and a one-line message naming the file; none an
 * internal error, a stack trace, or the contents of a file it should not have read.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { csvPlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { regressionCsv, runMoe, TempDir } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |internal error/);

describe('data paths', () => {
    const planReading = (path: string) => {
        const plan = csvPlan(path, { train: [0, 20], test: [20, 30] });
        return tmp.file(`reads-${Math.random().toString(36).slice(2)}.json`, plan);
    };

    test('a plan naming /etc/passwd is refused before reading, and nothing of the file is shown', () => {
        const run = runMoe(['run', planReading('/etc/passwd'), '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /reads-\w+\.json: error: \/data\/train\/source\/path: the data file \/etc\/passwd is outside the plan's folder and the working directory; pass --allow-data-outside to read it\n$/
        );
        expect(run.stderr).not.toContain('root');
        noStack(run.stderr);
    });

    test('a relative path climbing out of the folder is refused too', () => {
        const run = runMoe(['run', planReading('../../../../../../etc/passwd'), '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("is outside the plan's folder");
    });

    test('a link inside the folder pointing outside is outside', () => {
        const link = join(tmp.path, 'innocent.csv');
        symlinkSync('/etc/passwd', link);
        const run = runMoe(['run', planReading(link), '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("is outside the plan's folder");
    });

    test('--allow-data-outside lets a plan read elsewhere, and /dev/zero is still refused before reading', () => {
        const run = runMoe(['run', planReading('/dev/zero'), '--quiet', '--allow-data-outside']);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe('/dev/zero: not a regular file (a device, FIFO or socket is not read)\n');
    });

    test('a model naming /etc/shadow gets a check error, and its first line is not shown', () => {
        const model = tmp.file(
            'shadow.moe',
            'model m {\n    data train = csv("/etc/shadow", target = y, inputs = [x])\n' +
                '    experts y ~ gaussian(count = 2)\n    gate ~ stick_breaking()\n    fit particle_learning(particles = 10) on train\n}\n'
        );
        const run = runMoe(['check', model]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            "shadow.moe:2:22: error: CSV file '/etc/shadow' cannot be read: it is outside the model's folder and the working directory; pass --allow-data-outside to read it."
        );
        expect(run.stdout).not.toContain('root');
    });

    test('a data file next to the plan is read', () => {
        const csv = tmp.file('next.csv', regressionCsv(30));
        const run = runMoe(['run', planReading(csv), '--quiet']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
    });

    test('a NUL byte in a data path is an error naming it, not an internal error', () => {
        const run = runMoe(['run', planReading(join(tmp.path, 'a\u0000b.csv')), '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('the path contains a NUL character');
        noStack(run.stderr);
    });
});

describe('plan and model files', () => {
    test('a symbolic link loop is reported as one', () => {
        symlinkSync(join(tmp.path, 'loop-b.json'), join(tmp.path, 'loop-a.json'));
        symlinkSync(join(tmp.path, 'loop-a.json'), join(tmp.path, 'loop-b.json'));
        const run = runMoe(['run', join(tmp.path, 'loop-a.json')]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/loop-a\.json: a symbolic link loop\n$/);
    });

    test('a plan with a byte-order mark loads', () => {
        const path = join(tmp.path, 'bom.json');
        writeFileSync(
            path,
            `\uFEFF${JSON.stringify(sparseExpertsPlan({ n: 30, nTest: 10, particles: 20 }), null, 2)}\n`
        );
        const run = runMoe(['run', path, '--quiet']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
    });

    test('a plan nested 100,000 deep is an invalid plan at its line and column', () => {
        const path = tmp.file('deep.json', `{"a":\n${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
        const run = runMoe(['run', path]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/deep\.json:2:100: error: invalid plan: nested deeper than 100 levels\n$/);
    });

    test('a model nested 400 calls deep is one check error, exit 1', () => {
        const path = tmp.file('deep.moe', `prior p = ${'f(a = '.repeat(400)}1${')'.repeat(400)}\n`);
        const run = runMoe(['check', path]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain('error: Brackets nested deeper than 64 levels');
        noStack(run.stdout + run.stderr);
    });
});
