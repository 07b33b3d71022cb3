/**
 * `moe run --chains N --jobs N` with the built binary: the filters of a particle-learning plan on
 * a pool of threads give the same result as on one thread, bit for bit; bad values are usage
 * errors (exit 2) reported before any work; Ctrl-C stops every filter of the pool (exit 130).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmoePlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, interruptWhen, withoutTiming, repoRoot, runMoe } from './helpers.js';

const root = repoRoot;
const tmp = new TempDir();

const moe = (...args: string[]) => runMoe(args, 120_000);

beforeAll(() => {
    for (const file of ['moe.cjs', 'run-worker.cjs', 'chain-worker.cjs']) {
        if (!existsSync(join(root, 'packages/cli/dist', file)))
            throw new Error(`packages/cli/dist/${file} is missing: run \`npm run build\` first`);
    }
});
afterAll(() => tmp.remove());

const plan = tmp.file('plan.json', sparseExpertsPlan({ n: 60, nTest: 30, particles: 30 }));

describe('moe run --chains --jobs (built binary)', () => {
    // --jobs 1 runs the filters one after another on the run worker, --jobs 2 on the pool.
    it('gives the same result, apart from timing, with --jobs 1 and --jobs 2', () => {
        const one = join(tmp.path, 'one.json');
        const two = join(tmp.path, 'two.json');
        expect(moe('run', plan, '--chains', '4', '--jobs', '1', '--json', one, '--quiet')).toMatchObject({
            code: 0,
            stderr: ''
        });
        expect(moe('run', plan, '--chains', '4', '--jobs', '2', '--json', two, '--quiet')).toMatchObject({
            code: 0,
            stderr: ''
        });
        const resultOne = readFileSync(one, 'utf8');
        const parsed = JSON.parse(resultOne) as { chains: unknown[] };
        expect(parsed.chains).toHaveLength(4);
        expect(withoutTiming(readFileSync(two, 'utf8'))).toEqual(withoutTiming(resultOne));
    });

    it.each([
        ['zero chains', ['--chains', '0'], /^moe: --chains must be a positive integer no greater than 256, got '0'\n$/],
        [
            'more chains than the plan allows',
            ['--chains', '257'],
            /^moe: --chains must be a positive integer no greater than 256, got '257'\n$/
        ],
        [
            'chains that are not a number',
            ['--chains', 'four'],
            /^moe: --chains must be a positive integer no greater than 256, got 'four'\n$/
        ],
        ['zero jobs', ['--jobs', '0'], /^moe: --jobs must be a positive integer, got '0'\n$/],
        ['fractional jobs', ['--jobs', '1.5'], /^moe: --jobs must be a positive integer, got '1\.5'\n$/]
    ])('exits 2 with one line for %s', (_name, args, message) => {
        const run = moe('run', plan, ...args);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe('');
    });

    it('exits 2 for --chains on an EM model, and accepts --jobs there (nothing to share out)', () => {
        const em = tmp.file('em.json', hmoePlan({ n: 200 }));
        const chains = moe('run', em, '--chains', '2');
        expect(chains.code).toBe(2);
        expect(chains.stderr).toBe(
            'moe: --chains applies only to particle-learning models; this model is fitted by EM\n'
        );
        expect(moe('run', em, '--jobs', '2', '--quiet').code).toBe(0);
    });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('Ctrl-C during a run on the pool', () => {
    it('stops every filter at its next progress point and exits 130', async () => {
        // Four filters of about 15 s each on two threads; Ctrl-C once they have reported progress.
        const long = tmp.file('long.json', sparseExpertsPlan({ n: 500, nTest: 10, particles: 3000 }));
        // Progress counts the observations of all four filters.
        const run = await interruptWhen(['run', long, '--chains', '4', '--jobs', '2'], /[1-9]\d*\/2000 obs/);
        expect(run.pressedCtrlC).toBe(true);
        expect(run.code).toBe(130);
        expect(run.stdout).toMatch(/long\.json: run cancelled/);
        expect(run.stdout).not.toMatch(/Log marginal likelihood/);
    }, 300_000);
});
