/**
 * The `moe.activeEditorHasModel` context key: whether the active `.moe` file declares a model.
 * The Run button and lens are offered only then (a file of priors alone has nothing to run).
 */
import * as vscode from 'vscode';
import { modelDeclarationLines } from './model-declarations.js';

export function trackModelContext(): vscode.Disposable[] {
    const update = () => {
        const document = vscode.window.activeTextEditor?.document;
        const hasModel = document?.languageId === 'moe' && modelDeclarationLines(document.getText()).length > 0;
        void vscode.commands.executeCommand('setContext', 'moe.activeEditorHasModel', hasModel);
    };
    update();
    return [
        vscode.window.onDidChangeActiveTextEditor(update),
        vscode.workspace.onDidChangeTextDocument(e => {
            if (e.document === vscode.window.activeTextEditor?.document) update();
        })
    ];
}
