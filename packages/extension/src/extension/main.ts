/**
 * MoE Studio's extension entry: starts the language server, registers the run and compile
 * commands, the CodeLens, and the results panels (revived after a window reload).
 */
import { ResultsPanelRecords, SweepPanelRecords } from './panels/panel-records.js';
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { createLanguageClient } from './language-client.js';
import { RunController } from './run-controller.js';
import { RunHistory } from './run-history.js';
import { RunService } from './run-service.js';
import { ModelCodeLensProvider } from './code-lens.js';
import { ResultsPanel } from './panels/results-panel.js';
import { ComparisonPanel } from './panels/comparison-panel.js';
import { SweepPanel, pickSweep } from './panels/sweep-panel.js';
import { panelOptions } from './panels/moe-panel.js';
import { pickRunsToCompare } from './compare-runs.js';
import { PlanDocuments } from './plan-documents.js';
import { newModel } from './new-model.js';
import { RunProblems } from './run-problems.js';
import { trackModelContext } from './model-context.js';
import type { PersistedPanelState } from '../shared/messages.js';

let client: LanguageClient | undefined;
let controller: RunController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const log = vscode.window.createOutputChannel('MoE Studio');
    const serverLog = vscode.window.createOutputChannel('MoE Language Server');
    context.subscriptions.push(log, serverLog);

    client = createLanguageClient(context, serverLog);
    controller = new RunController(() => new Worker(context.asAbsolutePath('out/worker/run-worker.cjs')));
    const history = new RunHistory();
    context.subscriptions.push(history, { dispose: () => controller?.dispose() });
    const plans = new PlanDocuments();
    context.subscriptions.push(
        plans,
        vscode.workspace.registerTextDocumentContentProvider(PlanDocuments.scheme, plans),
        ...trackModelContext()
    );
    const problems = new RunProblems();
    context.subscriptions.push(problems);
    const records = new ResultsPanelRecords(context.workspaceState);
    const sweepRecords = new SweepPanelRecords(context.workspaceState);
    const runs = new RunService({
        extensionUri: context.extensionUri,
        client,
        controller,
        history,
        log,
        plans,
        problems,
        records
    });
    const services = { extensionUri: context.extensionUri, history, records };

    context.subscriptions.push(
        vscode.commands.registerCommand('moe.run', (uri?: vscode.Uri) => runs.run(uri)),
        vscode.commands.registerCommand('moe.runWithSettings', (uri?: vscode.Uri) =>
            runs.run(uri, { askSettings: true })
        ),
        vscode.commands.registerCommand('moe.newModel', () => newModel(context.extensionUri)),
        vscode.commands.registerCommand('moe.compilePlan', (uri?: vscode.Uri) => runs.compilePlan(uri)),
        vscode.commands.registerCommand('moe.stopRun', (uri?: vscode.Uri) => {
            const one = uri instanceof vscode.Uri ? controller?.activeRunOf(uri.fsPath) : undefined;
            if (one) one.cancel();
            else controller?.cancelAll();
        }),
        vscode.commands.registerCommand('moe.showLog', () => log.show()),
        vscode.commands.registerCommand('moe.showResults', (uri?: vscode.Uri) => {
            const target = uri ?? vscode.window.activeTextEditor?.document.uri;
            if (!target || !target.fsPath.endsWith('.moe')) return;
            const name = target.path
                .split('/')
                .pop()!
                .replace(/\.moe$/, '');
            ResultsPanel.createOrShow(
                services,
                target.fsPath,
                history.latestFor(target.fsPath)?.info.modelName ?? name
            );
        }),
        vscode.commands.registerCommand('moe.compareRuns', async () => {
            await history.loadResultsFolders();
            const picked = await pickRunsToCompare(history.all());
            if (picked) ComparisonPanel.createOrShow(context.extensionUri, picked);
        }),
        vscode.commands.registerCommand('moe.openSweep', async (uri?: vscode.Uri) => {
            const target = uri instanceof vscode.Uri ? uri : await pickSweep();
            if (target && (await SweepPanel.open(context.extensionUri, target)))
                await sweepRecords.remember(target.fsPath);
        }),
        vscode.window.registerWebviewPanelSerializer(SweepPanel.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedPanelState | undefined) {
                // As for results panels: the sweep file comes from the extension's records, not the webview's state.
                await SweepPanel.revive(panel, context.extensionUri, sweepRecords.sweepFor(state?.sweepPath));
            }
        }),
        vscode.languages.registerCodeLensProvider({ language: 'moe' }, new ModelCodeLensProvider()),
        vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedPanelState | undefined) {
                // The webview's state is only a claim: the model file comes from the extension's records.
                const source = records.sourceFor(state?.source);
                if (!source) {
                    panel.dispose();
                    return;
                }
                panel.webview.options = panelOptions(context.extensionUri);
                await ResultsPanel.revive(panel, services, source);
            }
        }),
        vscode.window.registerWebviewPanelSerializer(ComparisonPanel.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedPanelState | undefined) {
                await ComparisonPanel.revive(panel, context.extensionUri, history, state?.runIds ?? []);
            }
        }),
        vscode.workspace.onDidGrantWorkspaceTrust(() => log.appendLine('Workspace trusted: running models is on.'))
    );

    await client.start();
}

export async function deactivate(): Promise<void> {
    controller?.dispose();
    await client?.stop();
}
