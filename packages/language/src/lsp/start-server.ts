/**
 * Starts the .moe language server on this process: over IPC when started by the VS Code client,
 * else over standard streams (`--stdio`, the default here), `--socket=PORT` or `--pipe=NAME`.
 * Used by the bundled server (main.ts), `moe lsp` and `moe-language-server`.
 */
import { DocumentState, URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createMoeServices } from '../moe-module.js';
import { CompilePlanRequest, type CompilePlanParams, type CompilePlanResult } from '../messages.js';
import { compileDocument } from '../compiler/compile-document.js';
import { loadImportedFiles } from '../workspace/load-imports.js';
import { setDataRoots } from '../data/data-access.js';
import { trackClientOptions } from './client-options.js';
import { filterPublishedDiagnostics } from './diagnostics-publisher.js';
import { watchReferencedFiles } from './referenced-files.js';

const TRANSPORTS = /^--(stdio|node-ipc|socket=|pipe=)/;

export function startMoeLanguageServer(): void {
    // vscode-languageserver picks the transport from the process arguments; stdio unless told otherwise.
    if (!process.argv.some(isTransportArgument) && !process.send) process.argv.push('--stdio');
    const connection = createConnection(ProposedFeatures.all);
    const { shared, Moe } = createMoeServices({ connection, ...NodeFileSystem });
    filterPublishedDiagnostics(connection, trackClientOptions(shared));
    // Data files are read only inside the workspace folders (see data/data-access.ts).
    shared.lsp.LanguageServer.onInitialize(params => {
        setDataRoots((params.workspaceFolders ?? []).map(folder => URI.parse(folder.uri).fsPath));
    });
    startLanguageServer(shared);
    loadImportedFiles(shared, Moe);
    watchReferencedFiles(shared, Moe);

    connection.onRequest(CompilePlanRequest, async (params: CompilePlanParams, token): Promise<CompilePlanResult> => {
        const uri = URI.parse(params.uri);
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
        const documents = shared.workspace.LangiumDocuments;
        const document = documents.getDocument(uri) ?? (await documents.getOrCreateDocument(uri));
        if (document.state < DocumentState.Validated) {
            await shared.workspace.DocumentBuilder.build([document], { validation: true }, token);
        }
        return compileDocument(Moe, document);
    });
}

/** Whether an argument chooses the server's transport (so a command line may pass it through). */
export function isTransportArgument(arg: string): boolean {
    return TRANSPORTS.test(arg);
}
