/**
 * "Run" and "Compile plan" above each model declaration. Found on the client side by the
 * declaration keyword, so the lenses appear at once, before the server has validated the file.
 */
import * as vscode from 'vscode';
import { modelDeclarationLines } from './model-declarations.js';

export class ModelCodeLensProvider implements vscode.CodeLensProvider {
    provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
        let models = modelDeclarationLines(document.getText());
        // A file whose model is not declared with `model` still gets its lenses, on the first line.
        if (models.length === 0 && document.getText().trim().length > 0) models = [{ line: 0, name: '' }];
        return models.flatMap(({ line }) => {
            const range = new vscode.Range(line, 0, line, 0);
            return [
                new vscode.CodeLens(range, { title: '$(play) Run', command: 'moe.run', arguments: [document.uri], tooltip: 'Run this model and show its results' }),
                new vscode.CodeLens(range, { title: 'Compile plan', command: 'moe.compilePlan', arguments: [document.uri], tooltip: 'Show the execution plan the engine would run' })
            ];
        });
    }
}
