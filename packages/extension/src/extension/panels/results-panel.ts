/**
 * The results panel of one model: the last good result, and the run in progress drawn live.
 * One panel per model file; revived after a window reload from its persisted state.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { RunProgress } from '@moe-studio/engine';
import type { LabelledResult } from '../results-export.js';
import type { CompletedRun, ResultsViewState, RunInfo, ToWebviewMessage } from '../../shared/messages.js';
import { MoePanel, panelOptions } from './moe-panel.js';
import type { RunHistory } from '../run-history.js';
import { resultFileUri } from '../run-history.js';
import type { ResultsPanelRecords } from './panel-records.js';

export interface ResultsPanelServices {
    extensionUri: vscode.Uri;
    history: RunHistory;
    records: ResultsPanelRecords;
}

export class ResultsPanel extends MoePanel {
    static readonly viewType = 'moe.results';
    private static readonly panels = new Map<string, ResultsPanel>();
    private state: ResultsViewState;

    static get(source: string): ResultsPanel | undefined {
        return ResultsPanel.panels.get(source);
    }

    static createOrShow(
        services: ResultsPanelServices,
        source: string,
        modelName: string,
        preserveFocus = false
    ): ResultsPanel {
        const existing = ResultsPanel.panels.get(source);
        if (existing) {
            existing.panel.reveal(undefined, preserveFocus);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(
            ResultsPanel.viewType,
            `Results: ${modelName}`,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
            panelOptions(services.extensionUri)
        );
        return new ResultsPanel(panel, services, source, modelName);
    }

    static async revive(
        panel: vscode.WebviewPanel,
        services: ResultsPanelServices,
        source: string
    ): Promise<ResultsPanel> {
        const latest = services.history.latestFor(source) ?? (await loadLastResult(services.history, source));
        const name = latest?.info.modelName ?? path.basename(source, '.moe');
        return new ResultsPanel(panel, services, source, name, latest);
    }

    private constructor(
        panel: vscode.WebviewPanel,
        services: ResultsPanelServices,
        readonly source: string,
        modelName: string,
        latest?: CompletedRun
    ) {
        super(panel, services.extensionUri, { kind: 'results', source });
        this.state = {
            model: { name: modelName, source, shown: vscode.workspace.asRelativePath(source) },
            latest: latest ?? services.history.latestFor(source)
        };
        panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'icons', 'moe.svg');
        ResultsPanel.panels.set(source, this);
        void services.records.remember(source);
    }

    protected initialMessage(): ToWebviewMessage {
        return { type: 'state', state: this.state };
    }

    protected exportable(): LabelledResult[] {
        const latest = this.state.latest;
        return latest ? [{ label: latest.info.label, result: latest.result }] : [];
    }

    protected exportBaseName(): string {
        return this.state.model.name;
    }

    protected defaultFolder(): vscode.Uri | undefined {
        const file = resultFileUri(vscode.Uri.file(this.source));
        return file ? vscode.Uri.joinPath(file, '..') : vscode.Uri.file(path.dirname(this.source));
    }

    protected onRunRequest(): void {
        void vscode.commands.executeCommand('moe.run', vscode.Uri.file(this.source));
    }

    protected onStopRequest(): void {
        void vscode.commands.executeCommand('moe.stopRun', vscode.Uri.file(this.source));
    }

    protected onRevealLine(line: number): void {
        void vscode.window.showTextDocument(vscode.Uri.file(this.source), {
            selection: new vscode.Range(line - 1, 0, line - 1, 0),
            viewColumn: vscode.ViewColumn.One
        });
    }

    runStarted(info: RunInfo, observationsTotal: number): void {
        this.state = {
            ...this.state,
            model: { ...this.state.model, name: info.modelName },
            running: { info, observationsTotal }
        };
        this.panel.title = `Results: ${info.modelName}`;
        this.post({ type: 'runStarted', info, observationsTotal });
    }

    progress(runId: string, progress: RunProgress): void {
        if (this.state.running?.info.runId !== runId) return;
        this.state.running.progress = progress;
        this.post({ type: 'progress', runId, progress });
    }

    runFinished(run: CompletedRun): void {
        this.state = { model: this.state.model, latest: run };
        this.post({ type: 'runFinished', run });
    }

    /** A failed or cancelled run: the last good result stays. */
    runFailed(runId: string, message: string, cancelled: boolean): void {
        this.state = { model: this.state.model, latest: this.state.latest, lastProblem: { message, cancelled } };
        this.post({ type: 'runFailed', runId, message, cancelled });
    }

    protected onDispose(): void {
        if (ResultsPanel.panels.get(this.source) === this) ResultsPanel.panels.delete(this.source);
    }
}

async function loadLastResult(history: RunHistory, source: string): Promise<CompletedRun | undefined> {
    const file = resultFileUri(vscode.Uri.file(source));
    return file ? history.loadFile(file) : undefined;
}
