/**
 * Scopes of the .moe language. Local names (priors of the file, streams of a model) come first;
 * the global scope holds only the priors of the files this file imports (not the whole workspace),
 * so a model sees exactly what it imported. Each container's scope is built once per workspace
 * state and shared by all references below it, so linking a large model stays linear.
 */
import {
    AstUtils,
    DefaultScopeProvider,
    MultiMapScope,
    WorkspaceCache,
    type AstNode,
    type LangiumDocument,
    type ReferenceInfo,
    type Scope
} from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';
import type { MoeImports } from './moe-imports.js';

export class MoeScopeProvider extends DefaultScopeProvider {
    private readonly imports: MoeImports;
    /** Scope of each container node, per reference type; cleared whenever the workspace changes. */
    private readonly containerScopes: WorkspaceCache<AstNode, Map<string, Scope>>;

    constructor(services: LangiumServices) {
        super(services);
        this.imports = (services as MoeServices).references.Imports;
        this.containerScopes = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        return this.scopeOf(context.container, referenceType, AstUtils.getDocument(context.container));
    }

    private scopeOf(node: AstNode | undefined, referenceType: string, document: LangiumDocument): Scope {
        if (!node) return this.importedScope(referenceType, document);
        const byType = this.containerScopes.get(node, () => new Map());
        let scope = byType.get(referenceType);
        if (!scope) {
            const outer = this.scopeOf(node.$container, referenceType, document);
            const symbols = document.localSymbols;
            const elements = symbols?.has(node)
                ? symbols
                      .getStream(node)
                      .filter(d => this.reflection.isSubtype(d.type, referenceType))
                      .toArray()
                : [];
            scope = elements.length > 0 ? new MultiMapScope(elements, outer) : outer;
            byType.set(referenceType, scope);
        }
        return scope;
    }

    /** Priors exported by the files this document imports. */
    private importedScope(referenceType: string, document: LangiumDocument): Scope {
        const uris = new Set(this.imports.importedUris(document).map(u => u.toString()));
        uris.delete(document.uri.toString());
        if (uris.size === 0) return new MultiMapScope([]);
        return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
    }
}
