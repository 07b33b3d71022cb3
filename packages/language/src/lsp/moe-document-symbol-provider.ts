/**
 * The document outline: imports, priors and models, and inside each model its data streams (with
 * the parts of a split), experts, gate, fit and predictive checks. Gate, experts and fit have no
 * name of their own, so the outline names them after what they say (`gate ~ stick_breaking`).
 */
import { GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import {
    isDataDecl,
    isExpertsDecl,
    isFitDecl,
    isGateDecl,
    isImport,
    isModel,
    isMoeFile,
    isPredictDecl,
    isPriorDecl,
    isSplitDecl,
    type Model,
    type Statement
} from '../generated/ast.js';

export class MoeDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value;
        if (!isMoeFile(root)) {
            return [];
        }
        const symbols: DocumentSymbol[] = [];
        for (const node of [...root.imports, ...root.priors, ...root.models].sort(byOffset)) {
            if (isImport(node)) {
                push(symbols, symbol(node, `import "${node.path ?? ''}"`, SymbolKind.File));
            } else if (isPriorDecl(node)) {
                push(
                    symbols,
                    symbol(node, node.name, SymbolKind.Constant, node.distribution?.$cstNode?.text, nameNode(node))
                );
            } else if (isModel(node)) {
                push(symbols, this.modelSymbol(node));
            }
        }
        return symbols;
    }

    protected modelSymbol(model: Model): DocumentSymbol | undefined {
        const result = symbol(model, model.name, SymbolKind.Class, 'model', nameNode(model));
        if (result) {
            result.children = model.statements.flatMap(s => {
                const child = this.statementSymbol(s);
                return child ? [child] : [];
            });
        }
        return result;
    }

    protected statementSymbol(statement: Statement): DocumentSymbol | undefined {
        if (isDataDecl(statement)) {
            return symbol(
                statement,
                statement.name,
                SymbolKind.Variable,
                statement.source?.callee,
                nameNode(statement)
            );
        }
        if (isSplitDecl(statement)) {
            const result = symbol(statement, `split ${statement.source?.$refText ?? ''}`.trim(), SymbolKind.Namespace);
            if (result) {
                result.children = statement.parts.flatMap(part => {
                    const child = symbol(
                        part,
                        part.name,
                        SymbolKind.Variable,
                        part.share?.$cstNode?.text,
                        nameNode(part)
                    );
                    return child ? [child] : [];
                });
            }
            return result;
        }
        if (isExpertsDecl(statement)) {
            const label = statement.response ? `experts ${statement.response}` : 'experts';
            return symbol(statement, label, SymbolKind.Struct, statement.family?.callee);
        }
        if (isGateDecl(statement)) {
            return symbol(statement, 'gate', SymbolKind.Interface, statement.gate?.callee);
        }
        if (isFitDecl(statement)) {
            const on = statement.train?.$refText ? ` on ${statement.train.$refText}` : '';
            return symbol(statement, `fit${on}`, SymbolKind.Function, statement.method?.callee);
        }
        if (isPredictDecl(statement)) {
            return symbol(statement, `predict ${statement.stream?.$refText ?? ''}`.trim(), SymbolKind.Event);
        }
        return undefined;
    }
}

function byOffset(a: AstNode, b: AstNode): number {
    return (a.$cstNode?.offset ?? 0) - (b.$cstNode?.offset ?? 0);
}

function push(symbols: DocumentSymbol[], item: DocumentSymbol | undefined): void {
    if (item) {
        symbols.push(item);
    }
}

/** The CST node of a declaration's `name`, so the outline selects the name. */
function nameNode(node: AstNode): CstNode | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
}

function symbol(
    node: AstNode,
    name: string | undefined,
    kind: SymbolKind,
    detail?: string,
    selection?: CstNode
): DocumentSymbol | undefined {
    const cst = node.$cstNode;
    if (!cst || !name) {
        // A declaration the parser recovered without its name has nothing to show.
        return undefined;
    }
    return {
        name,
        kind,
        detail: detail || undefined,
        range: cst.range,
        selectionRange: (selection ?? cst).range
    };
}
