/**
 * The editor's run and compile commands: asks the language server for the plan, refuses models
 * with errors (pointing to the Problems panel), runs the plan in a worker with a cancellable
 * progress notification, logs the run, writes the result file and feeds the results panel.
 */
import type { ResultsPanelRecords } from './panels/panel-records.js';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import { writeJsonAtomic } from '@moe-studio/engine/files';
import type { RunProgress } from '@moe-studio/engine';
import { CompilePlanRequest } from '@moe-studio/language/messages';
import type { CompilePlanParams, CompilePlanResult } from '@moe-studio/language/messages';
import type { RunController } from './run-controller.js';
import type { RunHistory } from './run-history.js';
import { infoFromResult, resultFileUri } from './run-history.js';
import { ResultsPanel } from './panels/results-panel.js';
import { RunStatusBar } from './run-status-bar.js';
import { promptRunSettings } from './run-settings-prompt.js';
import type { RunOverrides } from './run-log.js';
import type { PlanDocuments } from './plan-documents.js';
import type { RunProblems } from './run-problems.js';
import { readSettings } from './settings.js';
import {
    applyOverrides,
    errorModelLine,
    formatDuration,
    formatProblem,
    formatProgress,
    formatResultSummary,
    formatRunError,
    formatRunStart
} from './run-log.js';
import { dataKeyOf } from './results-export.js';
import { planInputRanges, planStandardization } from './input-ranges.js';
import type { RunInfo } from '../shared/messages.js';

export interface RunServiceDeps {
    extensionUri: vscode.Uri;
    client: LanguageClient;
    controller: RunController;
    history: RunHistory;
    log: vscode.OutputChannel;
    plans: PlanDocuments;
    problems: RunProblems;
    records: ResultsPanelRecords;
}

export class RunService {
    constructor(private readonly deps: RunServiceDeps) {}

    /** The `.moe` document a command applies to: its argument, else the active editor. */
    private async targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
        const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
        if (!uri) {
            void vscode.window.showWarningMessage('Open a .moe model first.');
            return undefined;
        }
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.languageId !== 'moe') {
            void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} is not a .moe model.`);
            return undefined;
        }
        return document;
    }

    /** Compiles through the server; on errors logs them and points to the Problems panel. */
    private async compile(
        document: vscode.TextDocument,
        purpose: 'run' | 'compile'
    ): Promise<ExecutionPlan | undefined> {
        await this.deps.client.start();
        const params: CompilePlanParams = { uri: this.deps.client.code2ProtocolConverter.asUri(document.uri) };
        const answer = await this.deps.client.sendRequest<CompilePlanResult>(CompilePlanRequest, params);
        const errors = answer.problems.filter(p => p.severity === 'error');
        if (answer.plan && errors.length === 0) return answer.plan;
        const name = vscode.workspace.asRelativePath(document.uri);
        this.deps.log.appendLine(
            `[${new Date().toISOString()}] ${name} was not ${purpose === 'run' ? 'run' : 'compiled'}: ${errors.length} error${errors.length === 1 ? '' : 's'}`
        );
        for (const p of errors) this.deps.log.appendLine(`  ${formatProblem(p)}`);
        const verb = purpose === 'run' ? 'run' : 'compiled';
        // One error is named in full (it may be about the whole file, which Problems does not
        // list, such as a file with no model); several are counted and left to Problems.
        const message =
            errors.length === 1
                ? `${name} cannot be ${verb}: ${errors[0].message}${errors[0].line > 1 ? ` (line ${errors[0].line})` : ''}`
                : errors.length === 0
                  ? `${name} cannot be ${verb}: the language server returned no plan and no reason. See the log.`
                  : `${name} has ${errors.length} errors, so it cannot be ${verb}. Fix them first (see the Problems panel).`;
        const choice = await vscode.window.showErrorMessage(
            message,
            ...(errors.length > 1 ? ['Show Problems'] : []),
            'Show Log'
        );
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
        if (choice === 'Show Log') this.deps.log.show(true);
        return undefined;
    }

    async compilePlan(arg: unknown): Promise<void> {
        const document = await this.targetDocument(arg);
        if (!document) return;
        const plan = await this.compile(document, 'compile');
        if (!plan) return;
        const planDocument = await vscode.workspace.openTextDocument(this.deps.plans.show(plan, document.uri));
        await vscode.languages.setTextDocumentLanguage(planDocument, 'json');
        await vscode.window.showTextDocument(planDocument, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }

    /** Runs the model; with `askSettings`, asks for particles, filters and seed first. */
    async run(arg: unknown, options: { askSettings?: boolean } = {}): Promise<void> {
        if (!vscode.workspace.isTrusted) {
            const choice = await vscode.window.showWarningMessage(
                'Running a model is off in Restricted Mode: a run reads the data files the model names and writes its results into the workspace. Editing and checking work as usual. Trust this workspace to run models.',
                'Manage Workspace Trust'
            );
            if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
            return;
        }
        const document = await this.targetDocument(arg);
        if (!document) return;
        const source = document.uri.fsPath;
        const active = this.deps.controller.activeRunOf(source);
        if (active) {
            const choice = await vscode.window.showInformationMessage(
                `${active.plan.model.name} is already running.`,
                'Stop It'
            );
            if (choice) active.cancel();
            return;
        }
        const compiled = await this.compile(document, 'run');
        if (!compiled) return;
        const settings = readSettings(document.uri);
        let overrides: RunOverrides = { particles: settings.particles, seed: settings.seed };
        if (options.askSettings) {
            const chosen = await promptRunSettings(compiled, overrides);
            if (!chosen) return;
            overrides = chosen;
        }
        const plan = applyOverrides(compiled, overrides);
        const started = new Date();
        this.deps.problems.clear(plan.model.source);
        for (const line of formatRunStart(plan, overrides, started)) this.deps.log.appendLine(line);

        const panel = ResultsPanel.createOrShow(this.deps, plan.model.source, plan.model.name, true);
        let latestProgress = '';
        let report: ((progress: RunProgress) => void) | undefined;
        const statusBar = new RunStatusBar(plan.model.name, document.uri);
        const handle = this.deps.controller.start(
            plan,
            {
                onProgress: progress => {
                    latestProgress = formatProgress(progress, { timeLeft: false }).message;
                    panel.progress(handle.id, progress);
                    statusBar.update(progress);
                    report?.(progress);
                }
            },
            settings.liveUpdateIntervalMs
        );
        const info: RunInfo = {
            runId: handle.id,
            modelName: plan.model.name,
            source: plan.model.source,
            algorithm: plan.inference.algorithm,
            seed: plan.inference.seed,
            particles: plan.inference.algorithm === 'particle-learning' ? plan.inference.particles : undefined,
            startedAt: started.toISOString(),
            label: `${plan.model.name} (seed ${plan.inference.seed})`,
            dataKey: ''
        };
        panel.runStarted(info, 0);
        void vscode.commands.executeCommand('setContext', 'moe.running', true);
        const outcome = await vscode.window
            .withProgress(
                {
                    location: vscode.ProgressLocation.Notification,
                    title: `Running ${plan.model.name}`,
                    cancellable: true
                },
                async (progress, token) => {
                    token.onCancellationRequested(() => handle.cancel());
                    let reported = 0;
                    report = p => {
                        const { message, fraction } = formatProgress(p);
                        progress.report({ message, increment: Math.max(0, fraction * 100 - reported) });
                        reported = Math.max(reported, fraction * 100);
                    };
                    return handle.done;
                }
            )
            .then(outcome => {
                statusBar.dispose();
                return outcome;
            });
        void vscode.commands.executeCommand('setContext', 'moe.running', this.deps.controller.activeRuns.length > 0);

        const target = ResultsPanel.get(plan.model.source);
        switch (outcome.status) {
            case 'succeeded': {
                const run = {
                    info: {
                        ...infoFromResult(outcome.result, handle.id, info.startedAt, info.label),
                        dataKey: dataKeyOf(outcome.result),
                        inputRanges: planInputRanges(plan),
                        standardized: planStandardization(plan)
                    },
                    result: outcome.result
                };
                this.deps.history.add(run);
                target?.runFinished(run);
                for (const line of formatResultSummary(outcome.result, outcome.seconds)) this.deps.log.appendLine(line);
                const file = resultFileUri(document.uri);
                if (file) {
                    try {
                        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
                        // Atomic (temporary sibling + rename), so a crash never leaves half a result.
                        await writeJsonAtomic(file.fsPath, outcome.result);
                        this.deps.log.appendLine(`  result written to ${file.fsPath}`);
                    } catch (error) {
                        this.deps.log.appendLine(
                            `  could not write the result to ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}`
                        );
                    }
                }
                return;
            }
            case 'cancelled':
                target?.runFailed(
                    handle.id,
                    `Run cancelled after ${formatDuration(outcome.seconds)}${latestProgress ? `, at ${latestProgress}` : ''}.`,
                    true
                );
                this.deps.log.appendLine(
                    `  cancelled after ${outcome.seconds.toFixed(2)} s${latestProgress ? ` (${latestProgress})` : ''}; the last good results stay`
                );
                this.deps.log.appendLine(
                    `  the worker thread stopped ${Math.round(await handle.stopped)} ms after Cancel`
                );
                return;
            case 'failed': {
                for (const line of formatRunError(outcome.error, plan)) this.deps.log.appendLine(line);
                this.deps.problems.report(outcome.error, plan);
                target?.runFailed(handle.id, outcome.error.message, false);
                const choice = await vscode.window.showErrorMessage(
                    `${plan.model.name} failed: ${outcome.error.message}`,
                    'Go to Model',
                    'Show Log'
                );
                if (choice === 'Show Log') this.deps.log.show(true);
                if (choice === 'Go to Model') {
                    const line = errorModelLine(outcome.error, plan) - 1;
                    void vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0) });
                }
                return;
            }
        }
    }
}
