/**
 * Langium's document builder, relinking after a change only the documents the change can affect.
 * Langium relinks every document that has an unresolved reference after any change anywhere, since
 * in its default scoping a new name in any file could resolve it. In .moe a name resolves to the
 * file's own names or to the priors of the files it imports (moe-scope-provider.ts), so a document
 * is affected only when a file it imports changed (or one its references point to, as in Langium).
 * A bare symbol such as `resampling = systematic` is an unresolved reference, so otherwise a
 * keystroke in any file rebuilt every model in the workspace that used one.
 */
import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';

export class MoeDocumentBuilder extends DefaultDocumentBuilder {
    constructor(private readonly sharedServices: LangiumSharedServices) {
        super(sharedServices);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        const services = this.sharedServices.ServiceRegistry.getServices(document.uri) as MoeServices;
        const imports = services.references.Imports;
        if (imports && imports.importedUris(document).some(uri => changedUris.has(uri.toString()))) return true;
        return this.indexManager.isAffected(document, changedUris);
    }
}
