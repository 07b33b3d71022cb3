/**
 * Problems that only a run finds (text in a numeric column, a row with too few fields), put in
 * the Problems panel at the data file's line, and on the model's data declaration. They are
 * cleared when the model is run again, or when the data file or the model is edited.
 */
import * as vscode from 'vscode';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import type { SerializedRunError } from '@moe-studio/engine';
import { runProblemLocations } from './run-problem-locations.js';

export class RunProblems implements vscode.Disposable {
    private readonly collection = vscode.languages.createDiagnosticCollection('moe-run');
    private readonly watched = new Map<string, string>();
    private readonly subscriptions: vscode.Disposable[];

    constructor() {
        const clearOnEdit = (uri: vscode.Uri) => {
            const model = this.watched.get(uri.toString());
            if (model) this.clear(model);
        };
        this.subscriptions = [
            vscode.workspace.onDidChangeTextDocument(e => {
                if (e.contentChanges.length > 0) clearOnEdit(e.document.uri);
            }),
            vscode.workspace.onDidSaveTextDocument(d => clearOnEdit(d.uri))
        ];
    }

    /** Shows a failed run's problems (replacing the model's earlier ones). */
    report(error: SerializedRunError, plan: ExecutionPlan): void {
        this.clear(plan.model.source);
        for (const { file, line, message } of runProblemLocations(error, plan)) {
            const uri = vscode.Uri.file(file);
            const diagnostic = new vscode.Diagnostic(
                new vscode.Range(line - 1, 0, line - 1, Number.MAX_SAFE_INTEGER),
                message,
                vscode.DiagnosticSeverity.Error
            );
            diagnostic.source = 'moe run';
            this.collection.set(uri, [...(this.collection.get(uri) ?? []), diagnostic]);
            this.watched.set(uri.toString(), plan.model.source);
        }
    }

    /** Forgets the problems a model's last run left. */
    clear(modelSource: string): void {
        for (const [uri, model] of [...this.watched]) {
            if (model !== modelSource) continue;
            this.collection.delete(vscode.Uri.parse(uri));
            this.watched.delete(uri);
        }
    }

    dispose(): void {
        for (const s of this.subscriptions) s.dispose();
        this.collection.dispose();
    }
}
