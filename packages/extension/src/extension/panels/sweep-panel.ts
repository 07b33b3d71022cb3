/** A `moe sweep` compared across its settings: error bars over seeds per setting. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LabelledResult } from '../results-export.js';
import type { ToWebviewMessage } from '../../shared/messages.js';
import type { SweepViewData } from '../../shared/sweep-view.js';
import { MoePanel, panelOptions } from './moe-panel.js';
import { loadSweep } from '../sweep-loader.js';
import { SweepReadError } from '../sweep-reader.js';

export class SweepPanel extends MoePanel {
    static readonly viewType = 'moe.sweep';

    /** Opens the sweep at `target` in a new panel; explains and returns undefined when it cannot be read. */
    static async open(extensionUri: vscode.Uri, target: vscode.Uri): Promise<SweepPanel | undefined> {
        const sweep = await readOrExplain(target);
        if (!sweep) return undefined;
        const panel = vscode.window.createWebviewPanel(
            SweepPanel.viewType,
            `Sweep: ${sweep.model.name}`,
            vscode.ViewColumn.Beside,
            panelOptions(extensionUri)
        );
        return new SweepPanel(panel, extensionUri, target, sweep);
    }

    static async revive(
        panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        sweepPath: string | undefined
    ): Promise<SweepPanel> {
        const target = sweepPath ? vscode.Uri.file(sweepPath) : undefined;
        const sweep = target ? await readOrExplain(target) : undefined;
        return new SweepPanel(panel, extensionUri, target, sweep);
    }

    private constructor(
        panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        private readonly target: vscode.Uri | undefined,
        private readonly sweep: SweepViewData | undefined
    ) {
        super(panel, extensionUri, { kind: 'sweep', sweepPath: target?.fsPath });
        panel.iconPath = vscode.Uri.joinPath(extensionUri, 'icons', 'moe.svg');
    }

    protected initialMessage(): ToWebviewMessage {
        return { type: 'sweep', sweep: this.sweep };
    }

    /** The sweep's own files are its export; the page saves plots only. */
    protected exportable(): LabelledResult[] {
        return [];
    }

    protected exportBaseName(): string {
        return `sweep-${this.sweep?.model.name ?? 'results'}`.replace(/[^A-Za-z0-9_.-]+/g, '-');
    }

    protected defaultFolder(): vscode.Uri | undefined {
        return this.target && vscode.Uri.file(path.dirname(this.target.fsPath));
    }
}

async function readOrExplain(target: vscode.Uri): Promise<SweepViewData | undefined> {
    try {
        return await loadSweep(target);
    } catch (error) {
        const message =
            error instanceof SweepReadError
                ? error.message
                : `Could not read ${vscode.workspace.asRelativePath(target)}: ${error instanceof Error ? error.message : String(error)}`;
        void vscode.window.showErrorMessage(message);
        return undefined;
    }
}

/** Asks which sweep to open: its --json summary file or its results folder. */
export async function pickSweep(): Promise<vscode.Uri | undefined> {
    const kind = await vscode.window.showQuickPick(
        [
            { label: 'Summary file', description: 'the file written by moe sweep --json', folders: false },
            {
                label: 'Results folder',
                description: 'the folder of moe sweep --results (default moe-results/ next to the model)',
                folders: true
            }
        ],
        { title: 'Open a sweep' }
    );
    if (!kind) return undefined;
    const picked = await vscode.window.showOpenDialog({
        canSelectFiles: !kind.folders,
        canSelectFolders: kind.folders,
        canSelectMany: false,
        filters: kind.folders ? undefined : { 'Sweep summary (JSON)': ['json'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        title: kind.folders ? 'Sweep results folder' : 'Sweep summary (--json)'
    });
    return picked?.[0];
}
