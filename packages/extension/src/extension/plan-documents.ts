/**
 * Compiled plans shown as read-only virtual documents (`moe-plan:` URIs): no dirty buffer, no
 * prompt to save on close. "Save As…" still writes a copy, with paths relative to the model.
 */
import * as vscode from 'vscode';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import { portablePlan } from './portable-plan.js';

export class PlanDocuments implements vscode.TextDocumentContentProvider {
    static readonly scheme = 'moe-plan';
    private readonly plans = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    /** The plan's document URI (named after the model file), its content set or refreshed. */
    show(plan: ExecutionPlan, modelUri: vscode.Uri): vscode.Uri {
        const relative = vscode.workspace.asRelativePath(modelUri, false).replace(/\.moe$/, '.plan.json');
        const uri = vscode.Uri.from({ scheme: PlanDocuments.scheme, path: `/${relative}` });
        this.plans.set(uri.toString(), JSON.stringify(portablePlan(plan), null, 2) + '\n');
        this.changed.fire(uri);
        return uri;
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return (
            this.plans.get(uri.toString()) ?? '// This plan is no longer available: run "MoE: Compile Plan" again.\n'
        );
    }

    dispose(): void {
        this.changed.dispose();
    }
}
