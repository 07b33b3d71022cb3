/**
 * Writes an experiment's report folder: summary.md, one CSV per table, one SVG per plot and
 * result.json. Atomic as a whole: everything goes into a temp folder next to the target, which
 * then replaces the target by renames, so a reader sees the old report or the new one, never a
 * mixture, and an interrupted write leaves the old one in place.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ExperimentReport } from '../experiment.js';

/** File stems a report may use: letters, digits, '-', '_' and '.', not starting with '.'. */
const STEM = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;

export type TableRow = Record<string, string | number | boolean | null>;

/** CSV text of rows: the header is the union of the rows' keys in first-seen order. */
export function csvOf(rows: ReadonlyArray<TableRow>): string {
    const columns: string[] = [];
    for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    return stringify(
        rows.map(r => columns.map(c => r[c] ?? '')),
        {
            header: true,
            columns,
            cast: {
                number: v => (Number.isFinite(v) ? String(v) : v > 0 ? 'Inf' : v < 0 ? '-Inf' : 'NaN'),
                boolean: v => (v ? 'true' : 'false')
            }
        }
    );
}

/** The files of a report, by name. Throws on a table or plot name that is not a plain file stem. */
export function reportFiles(report: ExperimentReport): Map<string, string> {
    const files = new Map<string, string>();
    const add = (name: string, text: string) => {
        if (files.has(name)) throw new Error(`the report has two files named ${name}`);
        files.set(name, text);
    };
    add('summary.md', report.markdown.endsWith('\n') ? report.markdown : `${report.markdown}\n`);
    for (const [stem, rows] of Object.entries(report.tables)) {
        if (!STEM.test(stem)) throw new Error(`table name '${stem}' is not a plain file name`);
        add(`${stem}.csv`, csvOf(rows));
    }
    for (const [stem, svg] of Object.entries(report.plots)) {
        if (!STEM.test(stem)) throw new Error(`plot name '${stem}' is not a plain file name`);
        add(`${stem}.svg`, svg);
    }
    add('result.json', `${JSON.stringify({ stopped: report.stopped, data: report.data }, null, 2)}\n`);
    return files;
}

/** Writes the report into `target` (created or replaced as a whole). */
export async function writeReportFolder(target: string, report: ExperimentReport): Promise<void> {
    const files = reportFiles(report);
    const folder = resolve(target);
    const parent = dirname(folder);
    await mkdir(parent, { recursive: true });
    const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
    const temp = join(parent, `.${basename(folder)}.${tag}.tmp`);
    const old = join(parent, `.${basename(folder)}.${tag}.old`);
    try {
        await mkdir(temp);
        for (const [name, text] of files) await writeFile(join(temp, name), text);
        // A folder cannot be renamed over a non-empty one: move the old report aside first.
        let movedOld = false;
        try {
            await rename(folder, old);
            movedOld = true;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        try {
            await rename(temp, folder);
        } catch (error) {
            if (movedOld) await rename(old, folder);
            throw error;
        }
        if (movedOld) await rm(old, { recursive: true, force: true });
    } finally {
        await rm(temp, { recursive: true, force: true });
    }
}
