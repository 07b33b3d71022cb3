/**
 * What the results and comparison panels share: the webview set-up (strict CSP, media-only
 * resource roots), typed messaging, saving plots and exporting results.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { isFromWebviewMessage } from '../../shared/messages.js';
import type { FromWebviewMessage, PersistedPanelState, ToWebviewMessage } from '../../shared/messages.js';
import { buildPanelHtml } from './panel-html.js';
import { safeFileStem } from './file-names.js';
import { comparisonCsv, expertsCsv, observationsCsv, predictiveCsv } from '../results-export.js';
import type { LabelledResult } from '../results-export.js';

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')]
    };
}

export abstract class MoePanel {
    protected readonly disposables: vscode.Disposable[] = [];
    private ready = false;
    private disposed = false;

    protected constructor(
        readonly panel: vscode.WebviewPanel,
        protected readonly extensionUri: vscode.Uri,
        persisted: PersistedPanelState
    ) {
        // Revived panels keep the options they were created with; set them again so a reload
        // after an update cannot widen what the webview may load.
        panel.webview.options = panelOptions(extensionUri);
        const media = (file: string) =>
            panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
        panel.webview.html = buildPanelHtml({
            cspSource: panel.webview.cspSource,
            scriptUri: media('webview.js'),
            styleUri: media('results.css'),
            title: panel.title,
            initialState: persisted
        });
        panel.onDidDispose(() => this.dispose(), null, this.disposables);
        panel.webview.onDidReceiveMessage(
            (message: unknown) => {
                if (!isFromWebviewMessage(message)) return;
                void this.receive(message).catch(error =>
                    vscode.window.showErrorMessage(
                        `MoE Studio: ${error instanceof Error ? error.message : String(error)}`
                    )
                );
            },
            null,
            this.disposables
        );
        // A hidden webview is torn down (retainContextWhenHidden is off to save memory);
        // it announces itself again with 'ready' when shown.
        panel.onDidChangeViewState(
            e => {
                if (!e.webviewPanel.visible) this.ready = false;
            },
            null,
            this.disposables
        );
    }

    /** The full state, sent when the webview (re)connects. */
    protected abstract initialMessage(): ToWebviewMessage;
    /** The results that "Export" writes, with the labels that tell them apart. */
    protected abstract exportable(): LabelledResult[];
    protected abstract exportBaseName(): string;
    protected abstract defaultFolder(): vscode.Uri | undefined;
    protected onRunRequest(): void {
        /* only the results panel runs */
    }
    protected onStopRequest(): void {
        /* only the results panel runs */
    }
    protected onRevealLine(_line: number): void {
        /* only the results panel has a model */
    }

    protected post(message: ToWebviewMessage): void {
        if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
    }

    private async receive(message: FromWebviewMessage): Promise<void> {
        switch (message.type) {
            case 'ready':
                this.ready = true;
                this.post(this.initialMessage());
                return;
            case 'run':
                this.onRunRequest();
                return;
            case 'stop':
                this.onStopRequest();
                return;
            case 'revealLine':
                this.onRevealLine(message.line);
                return;
            case 'savePlot':
                await this.savePlot(message.plot, message.format, message.data);
                return;
            case 'export':
                await this.exportResult(message.format);
                return;
        }
    }

    private defaultUri(fileName: string): vscode.Uri | undefined {
        const folder = this.defaultFolder();
        return folder && vscode.Uri.joinPath(folder, fileName);
    }

    private async savePlot(plot: string, format: 'svg' | 'png', data: string): Promise<void> {
        const target = await vscode.window.showSaveDialog({
            defaultUri: this.defaultUri(
                `${safeFileStem(this.exportBaseName())}-${safeFileStem(plot, 'plot')}.${format}`
            ),
            filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
            title: `Save plot "${plot}"`
        });
        if (!target) return;
        const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data, 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Saved ${path.basename(target.fsPath)}`);
    }

    private async exportResult(format: 'json' | 'csv'): Promise<void> {
        const results = this.exportable();
        if (results.length === 0) {
            void vscode.window.showWarningMessage('There is no completed run to export yet.');
            return;
        }
        const target = await vscode.window.showSaveDialog({
            defaultUri: this.defaultUri(`${safeFileStem(this.exportBaseName())}.${format}`),
            filters: format === 'json' ? { 'Run result (JSON)': ['json'] } : { CSV: ['csv'] },
            title: `Export results as ${format.toUpperCase()}`
        });
        if (!target) return;
        const encode = (text: string) => new TextEncoder().encode(text);
        if (format === 'json') {
            const json = results.length === 1 ? results[0].result : results.map(r => r.result);
            await vscode.workspace.fs.writeFile(target, encode(JSON.stringify(json, null, 2) + '\n'));
            void vscode.window.showInformationMessage(`Exported ${path.basename(target.fsPath)}`);
            return;
        }
        if (results.length > 1) {
            await vscode.workspace.fs.writeFile(target, encode(comparisonCsv(results)));
            void vscode.window.showInformationMessage(`Exported ${path.basename(target.fsPath)}`);
            return;
        }
        // One CSV per table: experts, then the per-observation and held-out tables beside it.
        const result = results[0].result;
        const written = [target];
        await vscode.workspace.fs.writeFile(target, encode(expertsCsv(result)));
        const sibling = (suffix: string) => vscode.Uri.file(target.fsPath.replace(/(\.csv)?$/i, `-${suffix}.csv`));
        const observations = observationsCsv(result);
        if (observations) {
            const u = sibling('observations');
            await vscode.workspace.fs.writeFile(u, encode(observations));
            written.push(u);
        }
        const predictive = predictiveCsv(result);
        if (predictive) {
            const u = sibling('predictive');
            await vscode.workspace.fs.writeFile(u, encode(predictive));
            written.push(u);
        }
        void vscode.window.showInformationMessage(`Exported ${written.map(u => path.basename(u.fsPath)).join(', ')}`);
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.onDispose();
        this.panel.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
    }

    protected onDispose(): void {
        /* subclasses forget themselves */
    }
}
