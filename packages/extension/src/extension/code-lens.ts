/**
 * "Run" and "Compile plan" above each model declaration (and nowhere else). Found on the client side by the
 * declaration keyword, so the lenses appear at once, before the server has validated the file.
 */
import * as vscode from 'vscode';
import { modelDeclarationLines } from './model-declarations.js';

export class ModelCodeLensProvider implements vscode.CodeLensProvider {
    provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
        // No model, no lens: a file of imports and priors has nothing to run or compile.
        const models = modelDeclarationLines(document.getText());
        return models.flatMap(({ line }) => {
            const range = new vscode.Range(line, 0, line, 0);
            return [
                new vscode.CodeLens(range, {
                    title: '$(play) Run',
                    command: 'moe.run',
                    arguments: [document.uri],
                    tooltip: 'Run this model and show its results'
                }),
                new vscode.CodeLens(range, {
                    title: 'Run with settings…',
                    command: 'moe.runWithSettings',
                    arguments: [document.uri],
                    tooltip: 'Choose particles, filters and seed, then run'
                }),
                new vscode.CodeLens(range, {
                    title: 'Compile plan',
                    command: 'moe.compilePlan',
                    arguments: [document.uri],
                    tooltip: 'Show the execution plan the engine would run'
                })
            ];
        });
    }
}
