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
        documentSelector: [{ scheme: 'file', language: 'moe' }, { scheme: 'untitled', language: 'moe' }],
        outputChannel: output,
        initializationOptions: { pedanticWarnings: readSettings().pedanticWarnings },
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{moe,csv}') },
        middleware: {
            // Warnings are advice about models that still run; the setting hides them on the
            // client so it works whatever the server does with its initialization options.
            handleDiagnostics(uri, diagnostics, next) {
                const shown = readSettings(uri).pedanticWarnings
                    ? diagnostics
                    : diagnostics.filter(d => d.severity !== vscode.DiagnosticSeverity.Warning);
                next(uri, shown);
            }
        }
    };
    return new LanguageClient('moe', 'MoE Language Server', serverOptions, clientOptions);
}

