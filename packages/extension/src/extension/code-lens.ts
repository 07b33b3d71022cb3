/**
 * "Run" and "Compile plan" above each model declaration. Found on the client side by the
 * declaration keyword, so the lenses appear at once, before the server has validated the file.
 */
import * as vscode from 'vscode';

/** A model declaration: `model Name` at the start of a line (comments and strings aside). */
const modelDeclaration = /^[ \t]*model[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm;

export function modelDeclarationLines(text: string): Array<{ line: number; name: string }> {
    // Blank out comments so a commented-out model gets no lens; keep line breaks for line numbers.
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, m => m.replace(/[^\n]/g, ' '));
    const found: Array<{ line: number; name: string }> = [];
    for (const m of code.matchAll(modelDeclaration)) {
        found.push({ line: code.slice(0, m.index).split('\n').length - 1, name: m[1] });
    }
    return found;
}

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
