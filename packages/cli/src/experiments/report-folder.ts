/**
 * Writes an experiment's report folder: summary.md, one CSV per table, one SVG per plot and
 * result.json. Each file is written atomically (a temp file in the same folder, then a rename).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentReport } from './experiment.js';

type Cell = string | number | boolean | null;

/** RFC 4180 quoting; written here because a report's tables are flat rows of plain values. */
function csvCell(value: Cell): string {
    if (value === null) return '';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ReadonlyArray<Record<string, Cell>>): string {
    if (rows.length === 0) return '';
    const header = Object.keys(rows[0]!);
    return [header.map(csvCell).join(','), ...rows.map(row => header.map(key => csvCell(row[key] ?? null)).join(','))].join('\n') + '\n';
}

async function writeAtomically(folder: string, name: string, text: string): Promise<void> {
    const temp = join(folder, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
        await writeFile(temp, text);
        await rename(temp, join(folder, name));
    } catch (error) {
        await rm(temp, { force: true });
        throw error;
    }
}

/** The names of the files written, in order. */
export async function writeReportFolder(folder: string, report: ExperimentReport): Promise<string[]> {
    await mkdir(folder, { recursive: true });
    const files: Array<[string, string]> = [
        ['summary.md', report.markdown],
        ...Object.entries(report.tables).map(([name, rows]): [string, string] => [`${name}.csv`, toCsv(rows)]),
        ...Object.entries(report.plots).map(([name, svg]): [string, string] => [`${name}.svg`, svg]),
        ['result.json', JSON.stringify(report.data, null, 1) + '\n'],
    ];
    for (const [name, text] of files) await writeAtomically(folder, name, text);
    return files.map(([name]) => name);
}
