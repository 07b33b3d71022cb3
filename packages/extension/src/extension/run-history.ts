/**
 * Completed runs known to this window: the runs made here, and the result files found in the
 * results folders (the last good result of each model survives a reload that way).
 */
import * as vscode from 'vscode';
import { RESULT_VERSION, type RunResult } from '@moe-studio/engine';
import type { CompletedRun, RunInfo } from '../shared/messages.js';
import { dataKeyOf } from './results-export.js';
import { readSettings } from './settings.js';
import * as path from 'node:path';

export class RunHistory {
    private readonly runs: CompletedRun[] = [];
    private readonly changed = new vscode.EventEmitter<CompletedRun>();
    readonly onDidAdd = this.changed.event;

    add(run: CompletedRun): void {
        this.runs.push(run);
        this.changed.fire(run);
    }

    all(): CompletedRun[] {
        return [...this.runs];
    }

    byId(id: string): CompletedRun | undefined {
        return this.runs.find(r => r.info.runId === id);
    }

    latestFor(source: string): CompletedRun | undefined {
        for (let i = this.runs.length - 1; i >= 0; i--) if (this.runs[i].info.source === source) return this.runs[i];
        return undefined;
    }

    /** Loads a result file written by a run (or by `moe run --json`), once. */
    async loadFile(uri: vscode.Uri): Promise<CompletedRun | undefined> {
        const id = `file:${uri.fsPath}`;
        const known = this.byId(id);
        if (known) return known;
        try {
            const result = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as RunResult;
            // A result of another format version (an older release's file) is not shown: its fields differ.
            if (
                !result ||
                result.resultVersion !== RESULT_VERSION ||
                (result.algorithm !== 'particle-learning' && result.algorithm !== 'em') ||
                !result.model
            )
                return undefined;
            const stat = await vscode.workspace.fs.stat(uri);
            const run: CompletedRun = {
                info: infoFromResult(
                    result,
                    id,
                    new Date(stat.mtime).toISOString(),
                    `${result.model.name} (seed ${result.seed}, ${path.basename(uri.fsPath)})`
                ),
                result
            };
            this.runs.unshift(run);
            return run;
        } catch {
            return undefined;
        }
    }

    /** Loads every result file in the results folders of the open workspace folders. */
    async loadResultsFolders(): Promise<void> {
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
            const dir = resultsFolderUri(folder.uri, readSettings(folder.uri).resultsFolder, folder.uri);
            if (!dir) continue;
            let entries: [string, vscode.FileType][] = [];
            try {
                entries = await vscode.workspace.fs.readDirectory(dir);
            } catch {
                continue;
            }
            for (const [name, type] of entries) {
                if (type === vscode.FileType.File && name.endsWith('.json'))
                    await this.loadFile(vscode.Uri.joinPath(dir, name));
            }
        }
    }

    dispose(): void {
        this.changed.dispose();
    }
}

export function infoFromResult(result: RunResult, runId: string, startedAt: string, label?: string): RunInfo {
    return {
        runId,
        startedAt,
        modelName: result.model.name,
        source: result.model.source,
        algorithm: result.algorithm,
        seed: result.seed,
        particles: result.algorithm === 'particle-learning' ? result.particles : undefined,
        label: label ?? `${result.model.name} (seed ${result.seed})`,
        dataKey: dataKeyOf(result)
    };
}

/** The results folder for a model: absolute as given, or relative to its workspace folder (or its own folder). */
export function resultsFolderUri(
    modelUri: vscode.Uri,
    setting: string,
    workspaceFolder?: vscode.Uri
): vscode.Uri | undefined {
    if (!setting) return undefined;
    if (path.isAbsolute(setting)) return vscode.Uri.file(setting);
    const base =
        workspaceFolder ??
        vscode.workspace.getWorkspaceFolder(modelUri)?.uri ??
        vscode.Uri.file(path.dirname(modelUri.fsPath));
    return vscode.Uri.joinPath(base, setting);
}

/** `<results folder>/<model file name>.json`. */
export function resultFileUri(modelUri: vscode.Uri): vscode.Uri | undefined {
    const dir = resultsFolderUri(modelUri, readSettings(modelUri).resultsFolder);
    return dir && vscode.Uri.joinPath(dir, `${path.basename(modelUri.fsPath, '.moe')}.json`);
}
