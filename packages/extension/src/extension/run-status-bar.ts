/** A status-bar item while a model runs: its progress, and a click stops it. */
import * as vscode from 'vscode';
import type { RunProgress } from '@moe-studio/engine';
import { formatProgress } from './run-log.js';

export class RunStatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('moe.run', vscode.StatusBarAlignment.Left, 10);

    constructor(
        private readonly modelName: string,
        source: vscode.Uri
    ) {
        this.item.name = 'MoE run';
        this.item.command = { title: 'Stop Run', command: 'moe.stopRun', arguments: [source] };
        this.item.tooltip = `Running ${modelName}. Click to stop.`;
        this.item.text = `$(loading~spin) ${modelName}: starting`;
        this.item.show();
    }

    update(progress: RunProgress): void {
        const { message, fraction } = formatProgress(progress);
        this.item.text = `$(loading~spin) ${this.modelName}: ${fraction > 0 ? `${Math.floor(100 * fraction)}%` : (message.split(' · ')[1] ?? 'running')}`;
        this.item.tooltip = `Running ${this.modelName}: ${message}. Click to stop.`;
    }

    dispose(): void {
        this.item.dispose();
    }
}
