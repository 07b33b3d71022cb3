/** "New Model": a new `.moe` document from one of the model templates (the snippets), ready to fill in. */
import * as vscode from 'vscode';

interface Template {
    prefix: string[];
    description: string;
    body: string[];
}

export async function newModel(extensionUri: vscode.Uri): Promise<void> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', 'moe.json'));
    const templates = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, Template>;
    const picked = await vscode.window.showQuickPick(
        Object.entries(templates).map(([label, t]) => ({ label, detail: t.description, body: t.body })),
        { title: 'New MoE model', placeHolder: 'Which kind of model?' }
    );
    if (!picked) return;
    const document = await vscode.workspace.openTextDocument({ language: 'moe', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    // Tab moves through the template's fields: name, priors, data, experts, fit settings.
    await editor.insertSnippet(new vscode.SnippetString(picked.body.join('\n')));
}
