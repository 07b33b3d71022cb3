/** Starts the bundled Langium language server and connects it to the editor. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node.js';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node.js';
import { readSettings } from './settings.js';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/language/main.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'moe' },
            { scheme: 'untitled', language: 'moe' }
        ],
        outputChannel: output,
        // The server reads the pedantic-warnings setting itself (here at start, then from the
        // settings it is sent), so every editor gets the same diagnostics. Hover links the method
        // reference's citations to the copy shipped in the extension (esbuild.mjs puts it there).
        initializationOptions: {
            pedanticWarnings: readSettings().pedanticWarnings,
            retriggerCompletionCommand: 'editor.action.triggerSuggest',
            methodReference: context.asAbsolutePath('docs/method.md')
        },
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{moe,csv}'),
            configurationSection: 'moe'
        }
    };
    return new LanguageClient('moe', 'MoE Language Server', serverOptions, clientOptions);
}
