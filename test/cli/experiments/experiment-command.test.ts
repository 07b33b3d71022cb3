/**
 * `moe experiment`: --list names every registered experiment; unknown names and bad numbers are
 * usage errors (exit 2) that say what is wrong, before anything runs or is written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { experimentCommand } from '../../../packages/cli/src/commands/experiment.js';
import { experiments } from '../../../packages/cli/src/experiments/registry.js';
import { TempDir, capture } from '../helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('moe experiment', () => {
    it('--list prints one line per experiment', async () => {
        const run = await capture(() => experimentCommand(undefined, { list: true }));
        expect(run.code).toBe(0);
        const names = run.stdout
            .trim()
            .split('\n')
            .map(l => l.split(/\s+/)[0]);
        expect(names).toEqual([...experiments.keys()]);
        expect(names).toEqual(
            expect.arrayContaining([
                'hs-moe-sparsity',
                'hs-moe-ablation',
                'hs-moe-sensitivity',
                'hs-moe-scaling',
                'hs-moe-topk',
                'streaming-shift',
                'hmoe-rates'
            ])
        );
    });

    it('usage errors name the problem and write nothing', async () => {
        const out = join(tmp.path, 'report');
        const cases: Array<[string | undefined, Record<string, string>, RegExp]> = [
            ['no-such', {}, /unknown experiment 'no-such'/],
            [undefined, {}, /name an experiment/],
            ['hs-moe-sparsity', { replicates: '0' }, /--replicates must be an integer of at least 1, got '0'/],
            ['hs-moe-sparsity', { seed: '-1' }, /--seed must be an integer of at least 0/],
            ['hs-moe-sparsity', { jobs: 'two' }, /--jobs must be a positive integer/]
        ];
        for (const [name, options, message] of cases) {
            const run = await capture(() => experimentCommand(name, { ...options, out }));
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(message);
        }
        expect(existsSync(out)).toBe(false);
    });
});
