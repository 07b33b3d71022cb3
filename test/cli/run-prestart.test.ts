/**
 * `moe run` starts its run worker before it compiles, and loads the language bundle only to
 * compile a model: a worker that fails before the run starts is reported, not waited on forever,
 * and a plan .json runs without the language bundle ever being loaded.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrestartedWorker, runInWorker } from '../../packages/cli/src/commands/run/run-in-worker.js';
import { sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, moeBin, repoRoot } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('the run worker started early', () => {
    it('reports a thread that failed before the run was handed to it', async () => {
        const broken = tmp.file('broken-worker.cjs', "throw new Error('the worker bundle is broken');\n");
        const worker = new PrestartedWorker(broken);
        // Let the thread fail before anyone listens, as it would while a model compiles.
        await new Promise(resolve => setTimeout(resolve, 500));
        const run = runInWorker(sparseExpertsPlan({ n: 10, nTest: 5, particles: 5 }), undefined, { worker });
        await expect(run.result).rejects.toThrow(/the worker bundle is broken/);
    }, 10_000);
});

describe('moe run and the language bundle', () => {
    // Which bundles the command loaded, written as it exits.
    const hook = tmp.file(
        'loaded.cjs',
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.MOE_LOADED, JSON.stringify(Object.keys(require.cache))));\n"
    );
    const loaded = (file: string) => {
        const out = join(tmp.path, 'loaded.json');
        const run = spawnSync(process.execPath, ['--require', hook, moeBin, 'run', file, '--quiet'], {
            cwd: repoRoot,
            encoding: 'utf8',
            env: { ...process.env, MOE_LOADED: out }
        });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        return (JSON.parse(readFileSync(out, 'utf8')) as string[]).map(path => path.split(/[\\/]/).pop());
    };

    it('is not loaded to run a plan .json, and is loaded to compile a model', () => {
        const plan = tmp.file('plan.json', sparseExpertsPlan({ n: 20, nTest: 5, particles: 10 }));
        const forPlan = loaded(plan);
        expect(forPlan).toContain('moe-run.cjs');
        expect(forPlan).not.toContain('moe-language.cjs');
        const model = tmp.file(
            'm.moe',
            `model m {
    data train = sparse_experts(experts = 2, active = 2, n = 20, inputs = 2, noise = 0.5, seed = 1)
    experts y ~ gaussian(count = 2)
    gate ~ stick_breaking(prior = horseshoe())
    fit particle_learning(particles = 10, chains = 1, seed = 1) on train
}
`
        );
        expect(loaded(model)).toContain('moe-language.cjs');
    }, 60_000);
});
