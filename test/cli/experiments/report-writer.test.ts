/**
 * The report folder writer: every file of a report, CSV that parses back to the same cells, a
 * folder replaced as a whole (no file of the old report survives), names that are not plain
 * file stems refused before anything is written, and standalone SVG from Observable Plot.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvOf, writeReportFolder } from '../../../packages/cli/src/experiments/report/write-report.js';
import { Plot, svgPlot } from '../../../packages/cli/src/experiments/report/svg-plot.js';
import type { ExperimentReport } from '../../../packages/cli/src/experiments/experiment.js';
import { TempDir } from '../helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const report = (over: Partial<ExperimentReport> = {}): ExperimentReport => ({
    markdown: '# title',
    tables: {
        fits: [
            { a: 1, b: 'x, "quoted"' },
            { a: -Infinity, c: true }
        ]
    },
    plots: {},
    data: { k: 1 },
    stopped: false,
    ...over
});

describe('report folder', () => {
    it('CSV cells parse back, with the union of keys as header', () => {
        const rows = parse(
            csvOf([
                { a: 1.5, b: 'x, "quoted"' },
                { a: null, c: false }
            ]),
            { columns: true }
        ) as Array<Record<string, string>>;
        expect(rows).toEqual([
            { a: '1.5', b: 'x, "quoted"', c: '' },
            { a: '', b: '', c: 'false' }
        ]);
    });

    it('writes every file and replaces an old report as a whole', async () => {
        const target = join(tmp.path, 'r1');
        mkdirSync(target);
        writeFileSync(join(target, 'stale.csv'), 'old');
        await writeReportFolder(target, report({ plots: { p: '<svg/>' } }));
        expect(readdirSync(target).sort()).toEqual(['fits.csv', 'p.svg', 'result.json', 'summary.md']);
        expect(readFileSync(join(target, 'summary.md'), 'utf8')).toBe('# title\n');
        expect(JSON.parse(readFileSync(join(target, 'result.json'), 'utf8'))).toEqual({
            stopped: false,
            data: { k: 1 }
        });
        expect(readdirSync(tmp.path).filter(f => f.startsWith('.'))).toEqual([]);
    });

    it('refuses a table name that is not a plain file stem, leaving the old report', async () => {
        const target = join(tmp.path, 'r2');
        await writeReportFolder(target, report());
        await expect(writeReportFolder(target, report({ tables: { '../escape': [] } }))).rejects.toThrow(
            /not a plain file name/
        );
        expect(existsSync(join(target, 'fits.csv'))).toBe(true);
        expect(existsSync(join(tmp.path, 'escape.csv'))).toBe(false);
    });

    it('renders Plot charts as standalone SVG with the caption as title', () => {
        const svg = svgPlot({
            marks: [
                Plot.dot(
                    [
                        { x: 1, y: 2 },
                        { x: 3, y: 4 }
                    ],
                    { x: 'x', y: 'y' }
                )
            ],
            caption: 'two <points>'
        });
        expect(svg.startsWith('<?xml')).toBe(true);
        expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
        expect(svg).toContain('<title>two &lt;points&gt;</title>');
        expect(svg.match(/<circle/g)).toHaveLength(2);
    });

    it('keeps a title, a subtitle and a colour legend inside the one SVG, above the chart', () => {
        const svg = svgPlot({
            title: 'Loss & n',
            subtitle: 'dots: replicates',
            color: { legend: true, domain: ['SS', 'LL'] },
            marks: [
                Plot.dot(
                    [
                        { x: 1, y: 2, g: 'SS' },
                        { x: 3, y: 4, g: 'LL' }
                    ],
                    { x: 'x', y: 'y', fill: 'g' }
                )
            ]
        });
        // One outer document with the chart nested in it, no HTML left over from Plot's <figure>.
        expect(svg.match(/<svg /g)!.length).toBeGreaterThanOrEqual(2);
        expect(svg).not.toMatch(/<(figure|h2|h3|span|div)\b/);
        expect(svg).toContain('>Loss &amp; n</text>');
        expect(svg).toContain('>dots: replicates</text>');
        for (const label of ['SS', 'LL']) expect(svg).toContain(`>${label}</text>`);
        const outerHeight = Number(/^<svg [^>]*height="(\d+)"/m.exec(svg.split('\n')[1]!)![1]);
        const chartTop = Number(/<svg [^>]*\by="(\d+)"/.exec(svg)![1]);
        expect(chartTop).toBeGreaterThan(0);
        expect(outerHeight).toBeGreaterThan(chartTop);
    });
});

describe('intervals', () => {
    it('Wilson interval of 6 of 8 (z = 1.96): [0.4093, 0.9285]', async () => {
        const { wilsonInterval } = await import('../../../packages/cli/src/experiments/stats.js');
        const w = wilsonInterval(6, 8);
        expect(w.lower!).toBeCloseTo(0.4093, 3);
        expect(w.upper!).toBeCloseTo(0.9285, 3);
    });
});
