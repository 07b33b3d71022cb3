/**
 * Entry point of the .moe language server (bundled to packages/extension/out/language/main.cjs).
 * Serves the client over IPC or, with `--stdio`, over standard streams.
 */
import { DocumentState, URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createMoeServices } from './moe-module.js';
import { CompilePlanRequest, type CompilePlanParams, type CompilePlanResult } from './messages.js';
import { compileDocument } from './compiler/compile-document.js';
import { loadImportedFiles } from './workspace/load-imports.js';
import { setDataRoots } from './data/data-access.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Moe } = createMoeServices({ connection, ...NodeFileSystem });
// Data files are read only inside the workspace folders (see data/data-access.ts).
shared.lsp.LanguageServer.onInitialize(params => {
    setDataRoots((params.workspaceFolders ?? []).map(folder => URI.parse(folder.uri).fsPath));
});
startLanguageServer(shared);
loadImportedFiles(shared, Moe);

connection.onRequest(CompilePlanRequest, async (params: CompilePlanParams, token): Promise<CompilePlanResult> => {
    const uri = URI.parse(params.uri);
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
    const documents = shared.workspace.LangiumDocuments;
    const document = documents.getDocument(uri) ?? await documents.getOrCreateDocument(uri);
    if (document.state < DocumentState.Validated) {
        await shared.workspace.DocumentBuilder.build([document], { validation: true }, token);
    }
    return compileDocument(Moe, document);
});
