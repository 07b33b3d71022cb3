/**
 * Resolution of `import "file.moe"`: the path is relative to the importing file.
 * Scoping uses it to make the imported files' priors visible, the validator to report
 * imports that do not resolve.
 */
import { UriUtils, type LangiumDocument, type URI } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { isMoeFile, type Import } from '../generated/ast.js';

export class MoeImports {
    private readonly documents;

    constructor(services: LangiumServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    /** The URI an import statement points to, relative to the document that holds it. */
    resolve(document: LangiumDocument | URI, path: string): URI {
        const base = 'uri' in document && !('scheme' in document) ? document.uri : (document as URI);
        return UriUtils.resolvePath(UriUtils.dirname(base), path);
    }

    /** URIs of the files a document imports directly (whether or not they are loaded). */
    importedUris(document: LangiumDocument): URI[] {
        const root = document.parseResult.value;
        if (!isMoeFile(root)) return [];
        return root.imports.filter(i => i.path).map(i => this.resolve(document.uri, i.path));
    }

    /** The loaded document an import points to, if it is part of the workspace. */
    importedDocument(node: Import, document: LangiumDocument): LangiumDocument | undefined {
        const uri = this.resolve(document.uri, node.path);
        return this.documents.hasDocument(uri) ? this.documents.getDocument(uri) : undefined;
    }
}
