import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentCommand } from '../../../packages/cli/src/commands/experiment.js';
import { toCsv, writeReportFolder } from '../../../packages/cli/src/experiments/report-folder.js';

describe('report folder', () => {
    const folders: string[] = [];
    afterAll(async () => { for (const f of folders) await rm(f, { recursive: true, force: true }); });

    it('quotes CSV cells that hold commas, quotes or line breaks, and leaves null cells empty', () => {
        expect(toCsv([{ a: 'x,y', b: 'say "hi"', c: null, d: 1.5, e: true }, { a: 'line\nbreak', b: '', c: 2, d: -0, e: false }]))
            .toBe('a,b,c,d,e\n"x,y","say ""hi""",,1.5,true\n"line\nbreak",,2,0,false\n');
    });

    it('writes summary.md, one CSV per table, one SVG per plot and result.json, and no temp files', async () => {
        const folder = await mkdtemp(join(tmpdir(), 'moe-report-'));
        folders.push(folder);
        const files = await writeReportFolder(join(folder, 'out'), {
            markdown: '# t\n', tables: { rows: [{ n: 1 }] }, plots: { p: '<svg/>' }, data: { x: 1 }, stopped: false,
        });
        expect(files).toEqual(['summary.md', 'rows.csv', 'p.svg', 'result.json']);
        expect((await readdir(join(folder, 'out'))).sort()).toEqual(['p.svg', 'result.json', 'rows.csv', 'summary.md']);
        expect(JSON.parse(await readFile(join(folder, 'out', 'result.json'), 'utf8'))).toEqual({ x: 1 });
    });

    it('moe experiment with an unknown name or a bad number is a usage error (exit 2)', async () => {
        expect(await experimentCommand('no-such-experiment', {})).toBe(2);
        expect(await experimentCommand('hmoe-rates', { replicates: 'x' })).toBe(2);
        expect(await experimentCommand('hmoe-rates', { replicates: '0' })).toBe(2);
        expect(await experimentCommand('hmoe-softmax-rate', { seed: '-3' })).toBe(2);
    });
});
