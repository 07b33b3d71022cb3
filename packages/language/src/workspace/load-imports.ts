/**
 * In the language server: files imported from outside the opened workspace folders are loaded
 * too, so their priors resolve. After each build, imports that point to existing files not yet in
 * the workspace are added with an update (which relinks the importers).
 */
import { existsSync } from 'node:fs';
import { DocumentState, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';

export function loadImportedFiles(shared: LangiumSharedServices, Moe: MoeServices): void {
    const documents = shared.workspace.LangiumDocuments;
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, built => {
        const missing = new Map<string, URI>();
        for (const document of built) {
            for (const uri of Moe.references.Imports.importedUris(document)) {
                if (uri.scheme === 'file' && !documents.hasDocument(uri) && existsSync(uri.fsPath))
                    missing.set(uri.toString(), uri);
            }
        }
        if (missing.size > 0) {
            // Outside the running build: an update cancels and restarts building with the new files.
            setTimeout(() => void shared.workspace.DocumentBuilder.update([...missing.values()], []), 0);
        }
    });
}
