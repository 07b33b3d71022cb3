/**
 * Langium's document builder with two changes.
 *
 * A cancellable build first lets the events already received run: a language client's messages
 * are dispatched one per event-loop turn, and Langium starts a build on each edit at once, so a
 * burst of edits parsed the file once per edit (each build cancelled only after its parse, which
 * cannot be interrupted): 20 quick edits to the 5,000-line benchmark file took seconds. After one
 * turn the next edit has cancelled the build before it parsed anything.
 *
 * After a change it relinks only the documents the change can affect.
 * Langium relinks every document that has an unresolved reference after any change anywhere, since
 * in its default scoping a new name in any file could resolve it. In .moe a name resolves to the
 * file's own names or to the priors of the files it imports (moe-scope-provider.ts), so a document
 * is affected only when a file it imports changed (or one its references point to, as in Langium).
 * A bare symbol such as `resampling = systematic` is an unresolved reference, so otherwise a
 * keystroke in any file rebuilt every model in the workspace that used one.
 */
import {
    Cancellation,
    DefaultDocumentBuilder,
    OperationCancelled,
    delayNextTick,
    type BuildOptions,
    type LangiumDocument
} from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';

export class MoeDocumentBuilder extends DefaultDocumentBuilder {
    constructor(private readonly sharedServices: LangiumSharedServices) {
        super(sharedServices);
    }

    protected override async buildDocuments(
        documents: LangiumDocument[],
        options: BuildOptions,
        cancelToken: Cancellation.CancellationToken
    ): Promise<void> {
        if (cancelToken !== Cancellation.CancellationToken.None) {
            await delayNextTick();
            if (cancelToken.isCancellationRequested) throw OperationCancelled;
        }
        return super.buildDocuments(documents, options, cancelToken);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        const services = this.sharedServices.ServiceRegistry.getServices(document.uri) as MoeServices;
        const imports = services.references.Imports;
        if (imports && imports.importedUris(document).some(uri => changedUris.has(uri.toString()))) return true;
        return this.indexManager.isAffected(document, changedUris);
    }
}
