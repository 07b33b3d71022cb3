/**
 * Scopes of the .moe language. Local names (priors of the file, streams of a model) come first;
 * the global scope holds only the priors of the files this file imports (not the whole workspace),
 * so a model sees exactly what it imported. Local symbol tables are indexed by name once per
 * container so that linking a large model stays linear.
 */
import {
    AstUtils, DefaultScopeProvider, MultiMap, MultiMapScope, type AstNode, type AstNodeDescription,
    type LangiumDocument, type ReferenceInfo, type Scope
} from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';
import type { MoeImports } from './moe-imports.js';

export class MoeScopeProvider extends DefaultScopeProvider {
    private readonly imports: MoeImports;
    private readonly localIndex = new WeakMap<AstNode, Map<string, AstNodeDescription[]>>();

    constructor(services: LangiumServices) {
        super(services);
        this.imports = (services as MoeServices).references.Imports;
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        const containers: AstNode[] = [];
        for (let node: AstNode | undefined = context.container; node; node = node.$container) containers.push(node);
        let scope = this.getImportedScope(referenceType, document);
        for (let i = containers.length - 1; i >= 0; i--) {
            const elements = this.localElements(containers[i], document, referenceType);
            if (elements.length > 0) scope = new MultiMapScope(elements, scope);
        }
        return scope;
    }

    private localElements(container: AstNode, document: LangiumDocument, referenceType: string): AstNodeDescription[] {
        let byType = this.localIndex.get(container);
        if (!byType) {
            byType = new Map();
            this.localIndex.set(container, byType);
        }
        let elements = byType.get(referenceType);
        if (!elements) {
            const symbols = document.localSymbols;
            elements = symbols?.has(container)
                ? symbols.getStream(container).filter(d => this.reflection.isSubtype(d.type, referenceType)).toArray()
                : [];
            byType.set(referenceType, elements);
        }
        return elements;
    }

    /** Priors exported by the files this document imports. */
    private getImportedScope(referenceType: string, document: LangiumDocument): Scope {
        const uris = new Set(this.imports.importedUris(document).map(u => u.toString()));
        uris.delete(document.uri.toString());
        if (uris.size === 0) return new MultiMapScope([]);
        return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
    }
}

// Re-exported for tests that build scopes by hand.
export { MultiMap };
