/** Reads a sweep's `--json` summary or results folder from disk, with bounded sizes. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { SweepViewData } from '../shared/sweep-view.js';
import { STORED_TASK_NAME, SweepReadError, sweepFromStoredTasks, sweepFromSummaryJson } from './sweep-reader.js';

/** Larger files are skipped, not read: a stored task is a few MB even for long runs. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_TASK_FILES = 20_000;

export async function loadSweep(target: vscode.Uri): Promise<SweepViewData> {
    const shown = vscode.workspace.asRelativePath(target);
    let stat: vscode.FileStat;
    try {
        stat = await vscode.workspace.fs.stat(target);
    } catch {
        throw new SweepReadError(`${shown} does not exist.`);
    }
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    if (stat.type & vscode.FileType.Directory) {
        const entries = (await vscode.workspace.fs.readDirectory(target)).filter(
            ([name, type]) => type === vscode.FileType.File && STORED_TASK_NAME.test(name)
        );
        if (entries.length > MAX_TASK_FILES)
            throw new SweepReadError(
                `${shown} holds ${entries.length} stored tasks; the sweep view reads at most ${MAX_TASK_FILES}.`
            );
        const files: Array<{ name: string; text: string }> = [];
        const tooLarge: string[] = [];
        for (const [name] of entries) {
            const uri = vscode.Uri.joinPath(target, name);
            if ((await vscode.workspace.fs.stat(uri)).size > MAX_FILE_BYTES) {
                tooLarge.push(`${name}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
                continue;
            }
            files.push({ name, text: decode(await vscode.workspace.fs.readFile(uri)) });
        }
        const sweep = sweepFromStoredTasks(files, shown);
        return { ...sweep, skipped: [...tooLarge, ...sweep.skipped] };
    }
    if (stat.size > MAX_FILE_BYTES)
        throw new SweepReadError(`${shown} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
    if (path.extname(target.fsPath).toLowerCase() !== '.json')
        throw new SweepReadError(`${shown} is neither a sweep's --json summary nor its results folder.`);
    return sweepFromSummaryJson(decode(await vscode.workspace.fs.readFile(target)), shown);
}
