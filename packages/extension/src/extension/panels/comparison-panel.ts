/** Several runs of the same data side by side (e.g. horseshoe against normal gate prior). */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LabelledResult } from '../results-export.js';
import type { CompletedRun, ToWebviewMessage } from '../../shared/messages.js';
import { MoePanel, panelOptions } from './moe-panel.js';
import type { RunHistory } from '../run-history.js';

export class ComparisonPanel extends MoePanel {
    static readonly viewType = 'moe.comparison';
    private static current: ComparisonPanel | undefined;

    static createOrShow(extensionUri: vscode.Uri, runs: CompletedRun[]): ComparisonPanel {
        const existing = ComparisonPanel.current;
        if (existing) {
            existing.show(runs);
            existing.panel.reveal();
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(
            ComparisonPanel.viewType,
            'Compare runs',
            vscode.ViewColumn.Beside,
            panelOptions(extensionUri)
        );
        return new ComparisonPanel(panel, extensionUri, runs);
    }

    static async revive(
        panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        history: RunHistory,
        runIds: string[]
    ): Promise<ComparisonPanel> {
        const runs: CompletedRun[] = [];
        for (const id of runIds) {
            const run =
                history.byId(id) ??
                (id.startsWith('file:') ? await history.loadFile(vscode.Uri.file(id.slice(5))) : undefined);
            if (run) runs.push(run);
        }
        return new ComparisonPanel(panel, extensionUri, runs);
    }

    private constructor(
        panel: vscode.WebviewPanel,
        extensionUri: vscode.Uri,
        private runs: CompletedRun[]
    ) {
        super(panel, extensionUri, { kind: 'comparison', runIds: runs.map(r => r.info.runId) });
        panel.iconPath = vscode.Uri.joinPath(extensionUri, 'icons', 'moe.svg');
        ComparisonPanel.current = this;
    }

    private show(runs: CompletedRun[]): void {
        this.runs = runs;
        this.post(this.initialMessage());
    }

    protected initialMessage(): ToWebviewMessage {
        return { type: 'comparison', runs: this.runs };
    }

    protected exportable(): LabelledResult[] {
        return this.runs.map(r => ({ label: r.info.label, result: r.result }));
    }

    protected exportBaseName(): string {
        return `comparison-${this.runs.map(r => r.info.modelName).join('-vs-')}`;
    }

    protected defaultFolder(): vscode.Uri | undefined {
        const source = this.runs[0]?.info.source;
        return source ? vscode.Uri.file(path.dirname(source)) : undefined;
    }

    protected onDispose(): void {
        if (ComparisonPanel.current === this) ComparisonPanel.current = undefined;
    }
}
