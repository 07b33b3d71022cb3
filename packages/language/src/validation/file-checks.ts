/**
 * Checks of a file as a whole: imports that resolve, one model per file, and priors that nothing
 * uses. A prior is unused when no reference anywhere in the workspace points at it; files that
 * hold no model are libraries of priors for other files, so their priors are never reported
 * (who imports a library is not known when it is checked on its own).
 */
import { existsSync } from 'node:fs';
import { AstUtils, type LangiumDocument, type ValidationAcceptor } from 'langium';
import { isPriorDecl, type MoeFile, type PriorDecl } from '../generated/ast.js';
import { IssueCodes } from '../issue-codes.js';
import type { MoeServices } from '../moe-module.js';

export class FileChecks {
    constructor(private readonly services: MoeServices) {}

    checkImports(file: MoeFile, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(file);
        const imports = this.services.references.Imports;
        const seen = new Set<string>();
        for (const node of file.imports) {
            if (!node.path) continue;
            if (!node.path.endsWith('.moe')) {
                accept('error', `Only .moe files can be imported; '${node.path}' is not one.`, {
                    node,
                    property: 'path'
                });
                continue;
            }
            const uri = imports.resolve(document.uri, node.path);
            const key = uri.toString();
            if (key === document.uri.toString()) {
                accept('error', 'A file cannot import itself.', { node, property: 'path' });
                continue;
            }
            if (seen.has(key)) {
                accept('warning', `'${node.path}' is already imported.`, { node, property: 'path' });
                continue;
            }
            seen.add(key);
            const loaded = this.services.shared.workspace.LangiumDocuments.hasDocument(uri);
            if (!loaded && !(uri.scheme === 'file' && existsSync(uri.fsPath))) {
                accept(
                    'error',
                    `Imported file '${node.path}' not found (looked for ${uri.scheme === 'file' ? uri.fsPath : key}).`,
                    { node, property: 'path', data: { code: IssueCodes.MissingImport, path: node.path } }
                );
            }
        }
    }

    checkModels(file: MoeFile, accept: ValidationAcceptor): void {
        for (const extra of file.models.slice(1)) {
            accept(
                'error',
                `A file holds one model; move '${extra.name}' to a file of its own (it can import the same priors).`,
                { node: extra, property: 'name' }
            );
        }
    }

    checkUnusedPriors(file: MoeFile, accept: ValidationAcceptor): void {
        if (file.models.length === 0 || file.priors.length === 0) return;
        const document = AstUtils.getDocument(file);
        const used = this.referencedPriors(document);
        for (const prior of file.priors) {
            if (!prior.name || used.has(prior)) continue;
            accept('warning', `Prior '${prior.name}' is declared but never used.`, {
                node: prior,
                property: 'name',
                data: { code: IssueCodes.UnusedPrior, name: prior.name }
            });
        }
    }

    /**
     * Priors of this document that something refers to: from the document itself or from any
     * loaded document that imports it (one pass over their resolved references).
     */
    private referencedPriors(document: LangiumDocument): Set<PriorDecl> {
        const used = new Set<PriorDecl>();
        const own = document.uri.toString();
        const imports = this.services.references.Imports;
        for (const other of this.services.shared.workspace.LangiumDocuments.all) {
            if (other !== document && !imports.importedUris(other).some(u => u.toString() === own)) continue;
            for (const reference of other.references) {
                const target = 'ref' in reference ? reference.ref : undefined;
                if (isPriorDecl(target) && AstUtils.getDocument(target) === document) used.add(target);
            }
        }
        return used;
    }
}
