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
                accept('error', `Only .moe files can be imported; '${node.path}' is not one.`, { node, property: 'path' });
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
                accept('error', `Imported file '${node.path}' not found (looked for ${uri.scheme === 'file' ? uri.fsPath : key}).`,
                    { node, property: 'path', data: { code: IssueCodes.MissingImport, path: node.path } });
            }
        }
    }

    checkModels(file: MoeFile, accept: ValidationAcceptor): void {
        for (const extra of file.models.slice(1)) {
            accept('error', `A file holds one model; move '${extra.name}' to a file of its own (it can import the same priors).`,
                { node: extra, property: 'name' });
        }
    }

    checkUnusedPriors(file: MoeFile, accept: ValidationAcceptor): void {
        if (file.models.length === 0) return;
        const document = AstUtils.getDocument(file);
        const usedHere = this.referencedPriors(document);
        for (const prior of file.priors) {
            if (!prior.name || usedHere.has(prior) || this.referencedElsewhere(prior, document)) continue;
            accept('warning', `Prior '${prior.name}' is declared but never used.`,
                { node: prior, property: 'name', data: { code: IssueCodes.UnusedPrior, name: prior.name } });
        }
    }

    private referencedPriors(document: LangiumDocument): Set<PriorDecl> {
        const used = new Set<PriorDecl>();
        for (const reference of document.references) {
            const target = 'ref' in reference ? reference.ref : undefined;
            if (isPriorDecl(target)) used.add(target);
        }
        return used;
    }

    private referencedElsewhere(prior: PriorDecl, document: LangiumDocument): boolean {
        const path = this.services.workspace.AstNodeLocator.getAstNodePath(prior);
        const own = document.uri.toString();
        return this.services.shared.workspace.IndexManager.findAllReferences(prior, path)
            .some(r => r.sourceUri.toString() !== own);
    }
}
