/**
 * The index with each document's reference descriptions computed on first use. Langium computes
 * them in every build, for every reference of the built document, yet only find references,
 * rename and document highlight read them; on the 5,000-line benchmark file that was an eighth of
 * the build. A built document is kept as pending until one of those asks; Langium removes a
 * document's entry whenever it unlinks it, so a pending document is always in the linked state the
 * descriptions are computed from.
 *
 * Which documents an edit affects is answered from the document's resolved references (their
 * targets' URIs), the same answer the descriptions give, without computing them.
 */
import {
    DefaultIndexManager,
    DocumentState,
    isMultiReference,
    isReference,
    type AstNode,
    type LangiumDocument,
    type LangiumSharedCoreServices,
    type URI
} from 'langium';
import type { MoeReferenceDescriptionProvider } from './reference-descriptions.js';

export class MoeIndexManager extends DefaultIndexManager {
    /** Documents indexed since their last link whose descriptions nobody has asked for yet. */
    private readonly pending = new Map<string, LangiumDocument>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async updateReferences(document: LangiumDocument): Promise<void> {
        const uri = document.uri.toString();
        this.referenceIndex.delete(uri);
        this.pending.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        this.pending.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string) {
        this.computePending();
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (!this.pending.has(document.uri.toString())) return super.isAffected(document, changedUris);
        const own = document.uri.toString();
        return document.references.some(reference => {
            const targets = isReference(reference)
                ? [reference.$nodeDescription]
                : isMultiReference(reference)
                  ? reference.items.map(item => item.$nodeDescription)
                  : [];
            return targets.some(target => {
                const uri = target?.documentUri.toString();
                return uri !== undefined && uri !== own && changedUris.has(uri);
            });
        });
    }

    /** The reference descriptions of every pending document, now. */
    private computePending(): void {
        for (const [uri, document] of this.pending) {
            const provider = this.serviceRegistry.getServices(document.uri).workspace
                .ReferenceDescriptionProvider as MoeReferenceDescriptionProvider;
            const linked = document.state >= DocumentState.IndexedReferences;
            this.referenceIndex.set(uri, linked ? provider.describe(document) : []);
        }
        this.pending.clear();
    }
}
