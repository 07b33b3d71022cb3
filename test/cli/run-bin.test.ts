/**
 * The built `moe` binary (packages/cli/bin/moe.cjs, bundled by `npm run build`) in a child
 * process: what a user sees, exit codes from the real argument parser, determinism across
 * processes, and the progress bar on a (pseudo-)terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvPlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { resultSchemaProblems } from '../engine/plan/result-schema.js';
import { TempDir, interruptWhen, regressionCsv, withoutTiming, moeBin, repoRoot, runMoe } from './helpers.js';

const root = repoRoot;
const bin = moeBin;
const bundle = join(root, 'packages/cli/dist/moe.cjs');
const tmp = new TempDir();

const moe = (...args: string[]) => runMoe(args);

beforeAll(() => {
    if (!existsSync(bundle)) throw new Error('packages/cli/dist/moe.cjs is missing: run `npm run build` first');
});
afterAll(() => tmp.remove());

const plan = tmp.file('plan.json', sparseExpertsPlan({ n: 60, nTest: 30, particles: 30 }));

describe('moe run (built binary)', () => {
    it('exits 2 on an unknown option and on a missing argument', () => {
        const unknown = moe('run', plan, '--particels', '5');
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(/unknown option '--particels'/);
        const missing = moe('run');
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/missing required argument 'file'/);
    });

    it('exits 2 with a one-line error for a bad --seed', () => {
        const run = moe('run', plan, '--seed', 'x');
        expect(run.code).toBe(2);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('writes a schema-valid result; two processes with the same seed agree bit for bit', () => {
        const a = join(tmp.path, 'a.json');
        const b = join(tmp.path, 'b.json');
        const first = moe('run', plan, '--json', a);
        expect(first.stderr).toBe(''); // not a terminal: no progress bar
        expect(first.code).toBe(0);
        expect(first.stdout).toContain('Expert usage');
        expect(moe('run', plan, '--json', b, '--quiet').code).toBe(0);
        const resultA = readFileSync(a, 'utf8');
        expect(resultSchemaProblems(JSON.parse(resultA))).toEqual([]);
        expect(withoutTiming(readFileSync(b, 'utf8'))).toEqual(withoutTiming(resultA));
    });

    it('exits 1 on a malformed CSV with FILE:LINE: MESSAGE', () => {
        const csv = regressionCsv(40)
            .split('\n')
            .map((l, i) => (i === 12 ? 'oops,1,2' : l))
            .join('\n');
        const data = tmp.file('bad.csv', csv);
        const run = moe('run', tmp.file('bad.json', csvPlan(data, { train: [0, 30], test: [30, 40] })));
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(`${data}:13: text 'oops' in numeric column 'x1'\n`);
    });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('progress bar on a terminal', () => {
    it('draws observations, ESS, elapsed time and ETA on stderr, then clears it', () => {
        const slow = tmp.file('slow.json', sparseExpertsPlan({ n: 200, nTest: 10, particles: 200 }));
        // `script` runs the command on a pseudo-terminal, so stderr is a TTY.
        const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} run ${JSON.stringify(slow)}`;
        const run = spawnSync('script', ['-qec', command, '/dev/null'], {
            cwd: root,
            encoding: 'utf8',
            timeout: 120_000
        });
        expect(run.status).toBe(0);
        const frames = run.stdout.split('\r').filter(f => f.includes('/200 obs'));
        expect(frames.length).toBeGreaterThan(0);
        // The first count comes before the first observation (no ESS yet), the later ones with it.
        expect(frames[0]).toMatch(/^\[-+\] +0% 0\/200 obs \| elapsed [\d.]+ s/);
        expect(frames.some(f => /^\[[#-]+\] +\d+% [1-9]\d*\/200 obs \| ESS \d+ \| elapsed [\d.]+ s/.test(f))).toBe(
            true
        );
        expect(frames.some(f => /ETA [\d.]+ s/.test(f))).toBe(true);
        // The bar is erased before the summary starts.
        expect(run.stdout).toMatch(/\r\x1b\[K[^\r]*particle learning with 200 particles/);
    });
});

describe.skipIf(!hasScript)('Ctrl-C during a run', () => {
    it('stops the run at its next progress point, clears the bar, says so and exits 130', async () => {
        // About a minute of work; Ctrl-C comes once the filter has reported progress.
        const long = tmp.file('long.json', sparseExpertsPlan({ n: 500, nTest: 10, particles: 20000 }));
        const run = await interruptWhen(['run', long], /[1-9]\d*\/500 obs/);
        expect(run.pressedCtrlC).toBe(true);
        expect(run.code).toBe(130);
        expect(run.stdout).toMatch(/\r\x1b\[K[^\r]*long\.json: run cancelled/);
        expect(run.stdout).not.toMatch(/Log marginal likelihood/);
    }, 300_000);
});
