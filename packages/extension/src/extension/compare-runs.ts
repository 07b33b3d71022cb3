/** Picks runs of the same data for the comparison view. */
import * as vscode from 'vscode';
import type { CompletedRun } from '../shared/messages.js';
import { uniqueRuns } from './run-identity.js';

export async function pickRunsToCompare(all: CompletedRun[]): Promise<CompletedRun[] | undefined> {
    // Runs made in this window first, so they are the ones kept over their saved copies.
    const runs = uniqueRuns([
        ...all.filter(r => !r.info.runId.startsWith('file:')),
        ...all.filter(r => r.info.runId.startsWith('file:'))
    ]);
    if (runs.length < 2) {
        void vscode.window.showInformationMessage(
            'Comparing needs at least two completed runs of the same data (run the models first, or keep their result files in the results folder).'
        );
        return undefined;
    }
    type Item = vscode.QuickPickItem & { run?: CompletedRun };
    const groups = new Map<string, CompletedRun[]>();
    for (const run of runs) groups.set(run.info.dataKey, [...(groups.get(run.info.dataKey) ?? []), run]);
    const items: Item[] = [];
    for (const [key, group] of groups) {
        items.push({ label: key, kind: vscode.QuickPickItemKind.Separator });
        for (const run of group) {
            items.push({
                label: run.info.label,
                description: run.info.algorithm === 'em' ? 'EM' : `particle learning, ${run.info.particles} particles`,
                detail: `${vscode.workspace.asRelativePath(run.info.source)} · ${new Date(run.info.startedAt).toLocaleString()}`,
                run
            });
        }
    }
    const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: 'Runs to compare (same data)',
        matchOnDetail: true
    });
    const chosen = (picked ?? []).flatMap(i => (i.run ? [i.run] : []));
    if (chosen.length === 0) return undefined;
    if (new Set(chosen.map(r => r.info.dataKey)).size > 1) {
        void vscode.window.showWarningMessage(
            'These runs used different data; pick runs from one group to compare them.'
        );
        return undefined;
    }
    return chosen;
}
