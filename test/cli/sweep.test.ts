/**
 * `moe sweep`: settings and seeds parsed into tasks, each identified by the SHA-256 of its
 * canonical plan; usage errors; a small sweep in-process that stores its results, reuses them on
 * a second run and recomputes a corrupted one. The built binary is covered in sweep-bin.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepCommand } from '../../packages/cli/src/commands/sweep.js';
import { parseSeeds, parseSettings, type Setting } from '../../packages/cli/src/commands/sweep/settings.js';
import { canonicalJson, expandTasks, taskHash } from '../../packages/cli/src/tasks/task-set.js';
import { hmoePlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, capture } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

function settings(...sets: string[]): Setting[] {
    const parsed = parseSettings(sets);
    if (parsed === 2) throw new Error(`unexpected usage error for ${sets.join(' ')}`);
    return parsed;
}

describe('sweep tasks and their hashes', () => {
    const plan = sparseExpertsPlan({ n: 60, nTest: 30, particles: 30 });

    it('canonical JSON sorts keys at every level', () => {
        expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
            '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
        );
        // The same plan with its keys written in the reverse order at every level.
        const reversed = (v: unknown): unknown =>
            Array.isArray(v)
                ? v.map(reversed)
                : v !== null && typeof v === 'object'
                  ? Object.fromEntries(
                        Object.entries(v)
                            .reverse()
                            .map(([k, x]) => [k, reversed(x)])
                    )
                  : v;
        const shuffled = reversed(plan) as typeof plan;
        expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(plan));
        expect(taskHash(shuffled, [])).toBe(taskHash(plan, []));
    });

    it('expands the Cartesian product of settings times seeds', () => {
        const tasks = expandTasks(plan, settings('particles=20,40', 'gate.prior=hs,normal'), [1, 2, 3]);
        expect(tasks).toHaveLength(12);
        expect(new Set(tasks.map(t => t.hash)).size).toBe(12);
        const first = tasks[0]!;
        expect(first.label).toBe('particles=20 gate.prior=hs');
        expect(first.plan.inference).toMatchObject({ particles: 20, seed: 1 });
        expect(first.plan.gate).toEqual({
            type: 'stick-breaking',
            prior: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true }
        });
        const normal = tasks.find(t => t.setting['gate.prior'] === 'normal')!;
        expect(normal.plan.gate).toEqual({ type: 'stick-breaking', prior: { kind: 'normal', mean: 0, variance: 1 } });
    });

    it('the same plan gives the same hash; a different setting or seed a different one', () => {
        const a = expandTasks(plan, settings('particles=20'), [1]);
        const b = expandTasks(JSON.parse(JSON.stringify(plan)), settings('particles=20'), [1]);
        expect(a[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(b[0]!.hash).toBe(a[0]!.hash);
        expect(expandTasks(plan, settings('particles=21'), [1])[0]!.hash).not.toBe(a[0]!.hash);
        expect(expandTasks(plan, settings('particles=20'), [2])[0]!.hash).not.toBe(a[0]!.hash);
        expect(expandTasks(plan, settings('chains=2'), [1])[0]!.hash).not.toBe(
            expandTasks(plan, settings('chains=3'), [1])[0]!.hash
        );
    });

    it('defaults to the plan seed; repeated values and seeds make one task', () => {
        const tasks = expandTasks(plan, settings('particles=20,20'));
        expect(tasks).toHaveLength(1);
        expect(tasks[0]!.seed).toBe(plan.inference.seed);
        expect(parseSeeds('1..3')).toEqual({ seeds: [1, 2, 3] });
        expect(parseSeeds('5,2,5')).toEqual({ seeds: [5, 2] });
        expect(parseSeeds(undefined)).toEqual({});
        expect(expandTasks(hmoePlan({ n: 50 }), settings('restarts=1,2'), [1, 2])).toHaveLength(4);
    });
});

describe('moe sweep: usage errors exit 2 with one line naming the key', () => {
    const plan = tmp.file('usage.json', sparseExpertsPlan({ n: 40, nTest: 10, particles: 20 }));
    const em = tmp.file('em.json', hmoePlan({ n: 50 }));
    it.each([
        [
            'an unknown key',
            plan,
            { set: ['particels=2'] },
            /--set particels=2: unknown key 'particels'; allowed keys: particles, chains, rejuvenate_every, restarts, gate\.prior/
        ],
        ['a key without values', plan, { set: ['particles'] }, /--set particles: expected particles=V1,V2/],
        [
            'zero particles',
            plan,
            { set: ['particles=20,0'] },
            /--set particles: '0' is not allowed; particles takes positive integers/
        ],
        [
            'too many chains',
            plan,
            { set: ['chains=257'] },
            /--set chains: '257' is not allowed; chains takes integers from 1 to 256/
        ],
        [
            'a negative rejuvenate_every',
            plan,
            { set: ['rejuvenate_every=-1'] },
            /--set rejuvenate_every: '-1' is not allowed/
        ],
        [
            'an unknown gate prior',
            plan,
            { set: ['gate.prior=hs,laplace'] },
            /--set gate\.prior: 'laplace' is not allowed; gate\.prior takes hs or normal/
        ],
        [
            'restarts on a particle-learning model',
            plan,
            { set: ['restarts=2'] },
            /--set restarts: applies only to EM models; this model is fitted by particle learning$/m
        ],
        [
            'particles on an EM model',
            em,
            { set: ['particles=20'] },
            /--set particles: applies only to particle-learning models; this model is fitted by EM/
        ],
        [
            'gate.prior on an EM model',
            em,
            { set: ['gate.prior=hs'] },
            /--set gate\.prior: applies only to particle-learning models with a stick-breaking gate/
        ],
        ['bad seeds', plan, { seeds: '1..x' }, /--seeds 1\.\.x: expected A\.\.B or a comma list/],
        ['a sweep of zero tasks', plan, { seeds: '3..1' }, /the sweep has no tasks/],
        ['bad --jobs', plan, { jobs: '0' }, /--jobs must be a positive integer/]
    ])('%s', async (_name, file, options, message) => {
        const run = await capture(() => sweepCommand(file, { ...options, results: join(tmp.path, 'unused') }));
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(message);
    });
});

describe('moe sweep: a small sweep, resumed and repaired', () => {
    const folder = join(tmp.path, 'model');
    const plan = (() => {
        const p = sparseExpertsPlan({ n: 60, nTest: 30, particles: 30 });
        return { ...p, inference: { ...p.inference, chains: 1 } };
    })();

    it('writes 4 results, reuses them, and recomputes a corrupted one', async () => {
        const { mkdirSync } = await import('node:fs');
        mkdirSync(folder);
        const file = join(folder, 'plan.json');
        writeFileSync(file, JSON.stringify(plan));
        const results = join(folder, 'moe-results');
        const json = join(tmp.path, 'sweep.json');
        const args = { set: ['particles=20,40'], seeds: '1..2', json };

        const first = await capture(() => sweepCommand(file, args));
        expect(first.stderr).toBe('');
        expect(first.code).toBe(0);
        expect(first.stdout).toContain('4 tasks (4 run, 0 reused)');
        expect(first.stdout).toMatch(/particles=20 +2 /);
        expect(first.stdout).toMatch(/particles=40 +2 /);
        const files = readdirSync(results)
            .filter(f => f.endsWith('.json'))
            .sort();
        expect(files).toHaveLength(4);
        expect(readdirSync(results).filter(f => f.endsWith('.tmp'))).toEqual([]);
        const doc = JSON.parse(readFileSync(json, 'utf8'));
        expect(doc.counts).toEqual({ tasks: 4, reused: 0, computed: 4, recomputed: 0, queued: 0 });
        expect(doc.tasks.map((t: { hash: string }) => `${t.hash}.json`).sort()).toEqual(files);
        expect(doc.summaries).toHaveLength(2);
        expect(doc.summaries[0]).toMatchObject({ setting: 'particles=20', tasks: 2 });
        expect(doc.summaries[0].logEvidence.sd).toBeGreaterThan(0);
        expect(doc.summaries[0].meanLogPredictiveDensity).toEqual(expect.any(Number));
        const stored = JSON.parse(readFileSync(join(results, files[0]!), 'utf8'));
        expect(taskHash(stored.plan, stored.data)).toBe(stored.hash);
        expect(stored.result.algorithm).toBe('particle-learning');
        const mtimes = files.map(f => statSync(join(results, f)).mtimeMs);

        const second = await capture(() => sweepCommand(file, args));
        expect(second.code).toBe(0);
        expect(second.stdout).toContain('4 tasks (0 run, 4 reused)');
        expect(JSON.parse(readFileSync(json, 'utf8')).counts).toEqual({
            tasks: 4,
            reused: 4,
            computed: 0,
            recomputed: 0,
            queued: 0
        });
        expect(files.map(f => statSync(join(results, f)).mtimeMs)).toEqual(mtimes);
        expect(JSON.parse(readFileSync(json, 'utf8')).summaries).toEqual(doc.summaries);

        const broken = join(results, files[1]!);
        writeFileSync(broken, readFileSync(broken, 'utf8').slice(0, 200));
        const third = await capture(() => sweepCommand(file, { ...args, quiet: true }));
        expect(third.code).toBe(0);
        expect(third.stdout).toBe('');
        expect(third.stderr).toMatch(new RegExp(`warning: .*${files[1]}: not valid JSON; recomputing`));
        const repaired = JSON.parse(readFileSync(json, 'utf8'));
        expect(repaired.counts).toEqual({ tasks: 4, reused: 3, computed: 0, recomputed: 1, queued: 0 });
        expect(JSON.parse(readFileSync(broken, 'utf8')).hash).toBe(files[1]!.replace('.json', ''));
        // The same plan and seed give the same numbers: the recomputed task agrees with the first run.
        expect(repaired.summaries.map((s: { logEvidence: unknown }) => s.logEvidence)).toEqual(
            doc.summaries.map((s: { logEvidence: unknown }) => s.logEvidence)
        );

        // A stored file whose hash does not match its name is not trusted either.
        const other = join(results, files[2]!);
        writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(other, 'utf8')), hash: '0'.repeat(64) }));
        const fourth = await capture(() => sweepCommand(file, { ...args, quiet: true }));
        expect(fourth.stderr).toMatch(/its stored hash does not match its name; recomputing/);
        expect(existsSync(other)).toBe(true);
    });
});
