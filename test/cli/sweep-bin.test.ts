/** `moe sweep` through the built binary: the argument parser, exit codes, a repeatable --set. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, repoRoot, runMoe } from './helpers.js';

const root = repoRoot;
const tmp = new TempDir();

const moe = (...args: string[]) => runMoe(args);

beforeAll(() => {
    if (!existsSync(join(root, 'packages/cli/dist/moe.cjs')))
        throw new Error('packages/cli/dist/moe.cjs is missing: run `npm run build` first');
});
afterAll(() => tmp.remove());

const plan = tmp.file('plan.json', sparseExpertsPlan({ n: 40, nTest: 20, particles: 20 }));

describe('moe sweep (built binary)', () => {
    it('exits 2 with one line on an unknown key and on zero tasks', () => {
        const unknown = moe('sweep', plan, '--set', 'foo=1');
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toBe(
            "moe: --set foo=1: unknown key 'foo'; allowed keys: particles, chains, rejuvenate_every, restarts, gate.prior\n"
        );
        const none = moe('sweep', plan, '--seeds', '2..1');
        expect(none.code).toBe(2);
        expect(none.stderr).toMatch(/the sweep has no tasks/);
    });

    it('takes --set twice and runs the product', () => {
        const results = join(tmp.path, 'results');
        const run = moe(
            'sweep',
            plan,
            '--set',
            'particles=20',
            '--set',
            'gate.prior=hs,normal',
            '--results',
            results,
            '--jobs',
            '1'
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('particles=20 gate.prior=hs');
        expect(run.stdout).toContain('particles=20 gate.prior=normal');
        expect(readdirSync(results).filter(f => f.endsWith('.json'))).toHaveLength(2);
    });
});
