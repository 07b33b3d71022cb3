/**
 * A sweep run as a batch job array: `moe sweep --manifest` writes the task list, `moe run-task`
 * runs one index (from --index or the scheduler's variable), `moe collect` summarises and names
 * the indices still missing. The results must equal those of the same sweep run locally, and a
 * task's identity must include its data: change the CSV and nothing stored is reused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectCommand, indexRanges } from '../../packages/cli/src/commands/collect.js';
import { runTaskCommand, taskIndex } from '../../packages/cli/src/commands/run-task.js';
import { sweepCommand } from '../../packages/cli/src/commands/sweep.js';
import { csvPlan } from '../engine/plan/plans.js';
import { TempDir, capture, regressionCsv } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

/** A stored result without its timing, the only part allowed to differ between runs. */
function storedNumbers(folder: string, file: string): unknown {
    const stored = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    delete stored.result.timing;
    return stored;
}

describe('task index from the command line or the batch scheduler', () => {
    it('prefers --index, then SLURM_ARRAY_TASK_ID, then JOB_COMPLETION_INDEX', () => {
        expect(taskIndex('2', { SLURM_ARRAY_TASK_ID: '1' }, 4)).toBe(2);
        expect(taskIndex(undefined, { SLURM_ARRAY_TASK_ID: '1', JOB_COMPLETION_INDEX: '3' }, 4)).toBe(1);
        expect(taskIndex(undefined, { JOB_COMPLETION_INDEX: '3' }, 4)).toBe(3);
        expect(taskIndex(undefined, {}, 4)).toMatch(/no task index: give --index N/);
        expect(taskIndex('4', {}, 4)).toBe('--index=4: the task list has tasks 0 to 3');
        expect(taskIndex(undefined, { SLURM_ARRAY_TASK_ID: '-1' }, 4)).toBe(
            'SLURM_ARRAY_TASK_ID=-1: the task list has tasks 0 to 3'
        );
    });
    it('writes missing indices in the form an array job takes', () => {
        expect(indexRanges([0, 1, 2, 3, 7, 9, 10])).toBe('0-3,7,9-10');
        expect(indexRanges([5])).toBe('5');
    });
});

describe('moe sweep --manifest, moe run-task, moe collect', () => {
    const csv = tmp.file('data.csv', regressionCsv(80));
    const plan = tmp.file('plan.json', csvPlan(csv, { train: [0, 60], test: [60, 80] }));
    const manifest = join(tmp.path, 'tasks.json');
    const batch = join(tmp.path, 'batch-results');
    const local = join(tmp.path, 'local-results');
    const args = { set: ['particles=20,30'], seeds: '1..2' };

    it('runs every index, then collects the same results as a local sweep', async () => {
        const written = await capture(() => sweepCommand(plan, { ...args, results: batch, manifest }));
        expect(written.code).toBe(0);
        expect(written.stdout).toMatch(/4 tasks of .*run index 0 to 3 with moe run-task/);
        const list = JSON.parse(readFileSync(manifest, 'utf8'));
        expect(list.tasks).toHaveLength(4);
        expect(list.tasks[0].data).toEqual([{ path: csv, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

        const none = await capture(() => collectCommand(manifest, { quiet: true }));
        expect(none.code).toBe(1);
        expect(none.stderr).toMatch(/none of the 4 tasks has a result/);

        expect((await capture(() => runTaskCommand(manifest, { index: '0', quiet: true }))).code).toBe(0);
        const previous = process.env['SLURM_ARRAY_TASK_ID'];
        process.env['SLURM_ARRAY_TASK_ID'] = '3';
        try {
            expect((await capture(() => runTaskCommand(manifest, { quiet: true }))).code).toBe(0);
        } finally {
            if (previous === undefined) delete process.env['SLURM_ARRAY_TASK_ID'];
            else process.env['SLURM_ARRAY_TASK_ID'] = previous;
        }
        const partial = await capture(() => collectCommand(manifest, {}));
        expect(partial.code).toBe(1);
        expect(partial.stderr).toMatch(/2 of 4 tasks have no result yet: indices 1-2/);
        expect(partial.stdout).toMatch(/particles=20 +1 /);

        for (const index of ['1', '2'])
            expect((await capture(() => runTaskCommand(manifest, { index, quiet: true }))).code).toBe(0);
        // Running a finished index again stores nothing new.
        const again = await capture(() => runTaskCommand(manifest, { index: '1' }));
        expect(again.stderr).toMatch(/already done/);
        const json = join(tmp.path, 'collected.json');
        const all = await capture(() => collectCommand(manifest, { json, quiet: true }));
        expect(all.code).toBe(0);

        const swept = join(tmp.path, 'local.json');
        expect(
            (await capture(() => sweepCommand(plan, { ...args, results: local, json: swept, quiet: true }))).code
        ).toBe(0);
        const files = readdirSync(local)
            .filter(f => f.endsWith('.json'))
            .sort();
        expect(
            readdirSync(batch)
                .filter(f => f.endsWith('.json'))
                .sort()
        ).toEqual(files);
        for (const file of files) expect(storedNumbers(batch, file)).toEqual(storedNumbers(local, file));
        const summary = (path: string) =>
            JSON.parse(readFileSync(path, 'utf8')).summaries.map((s: { seconds?: number }) => ({ ...s, seconds: 0 }));
        expect(summary(json)).toEqual(summary(swept));
    });

    it('refuses an edited task list and data that changed since the list was written', async () => {
        const list = JSON.parse(readFileSync(manifest, 'utf8'));
        list.tasks[1].plan.inference.particles = 999;
        const edited = tmp.file('edited.json', list);
        const refused = await capture(() => runTaskCommand(edited, { index: '0' }));
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/task 1: its plan and data do not match its hash/);
        expect(
            (await capture(() => runTaskCommand(tmp.file('other.json', { kind: 'x' }), { index: '0' }))).stderr
        ).toMatch(/not a task list/);

        writeFileSync(csv, regressionCsv(80, 2));
        const fresh = join(tmp.path, 'fresh-results');
        const list2 = JSON.parse(readFileSync(manifest, 'utf8'));
        list2.results = fresh;
        const moved = tmp.file('moved.json', list2);
        const stale = await capture(() => runTaskCommand(moved, { index: '0' }));
        expect(stale.code).toBe(1);
        expect(stale.stderr).toMatch(/data\.csv: the data file differs from the one the task was made with/);
    });

    it('a sweep on changed data reuses nothing stored for the old data', async () => {
        const json = join(tmp.path, 'after-change.json');
        const rerun = await capture(() => sweepCommand(plan, { ...args, results: local, json, quiet: true }));
        expect(rerun.code).toBe(0);
        expect(JSON.parse(readFileSync(json, 'utf8')).counts).toMatchObject({ reused: 0, computed: 4 });
        expect(readdirSync(local).filter(f => f.endsWith('.json'))).toHaveLength(8);
    });
});
