/**
 * Semantic tokens: what the TextMate grammar cannot tell apart because it is all `name` or
 * `name(`. Priors, streams, CSV columns, expert families, distributions, other callables,
 * parameter names and symbol values each get their own token type, from the standard legend
 * (so every theme colours them), with `declaration` where a prior or stream is declared.
 */
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { argumentParameter, calleeCategory } from '../catalogue/index.js';
import {
    isArgument,
    isCall,
    isDataDecl,
    isExpertsDecl,
    isFitDecl,
    isListValue,
    isNameValue,
    isPredictDecl,
    isPriorDecl,
    isSplitDecl,
    isSplitPart,
    type NameValue
} from '../generated/ast.js';

/** The token type of each kind of name; the tests read it from here. */
export const MOE_TOKEN_TYPES = {
    prior: SemanticTokenTypes.variable,
    stream: SemanticTokenTypes.namespace,
    column: SemanticTokenTypes.property,
    expertFamily: SemanticTokenTypes.class,
    distribution: SemanticTokenTypes.type,
    callable: SemanticTokenTypes.function,
    parameter: SemanticTokenTypes.parameter,
    symbol: SemanticTokenTypes.enumMember
} as const;

const DECLARATION = [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly];

/** Name -> index, the shape Langium's legend takes. */
const indexed = (names: readonly string[]): Record<string, number> => Object.fromEntries(names.map((n, i) => [n, i]));
const LEGEND_TYPES = indexed([...new Set(Object.values(MOE_TOKEN_TYPES))]);
const LEGEND_MODIFIERS = indexed(DECLARATION);

export class MoeSemanticTokenProvider extends AbstractSemanticTokenProvider {
    /** The legend lists only the types and modifiers used, not the whole standard set. */
    override get tokenTypes(): Record<string, number> {
        return LEGEND_TYPES;
    }
    override get tokenModifiers(): Record<string, number> {
        return LEGEND_MODIFIERS;
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (isPriorDecl(node)) {
            acceptor({ node, property: 'name', type: MOE_TOKEN_TYPES.prior, modifier: DECLARATION });
        } else if (isDataDecl(node) || isSplitPart(node)) {
            acceptor({ node, property: 'name', type: MOE_TOKEN_TYPES.stream, modifier: DECLARATION });
        } else if (isSplitDecl(node)) {
            acceptor({ node, property: 'source', type: MOE_TOKEN_TYPES.stream });
        } else if (isFitDecl(node) && node.train) {
            acceptor({ node, property: 'train', type: MOE_TOKEN_TYPES.stream });
        } else if (isPredictDecl(node)) {
            acceptor({ node, property: 'stream', type: MOE_TOKEN_TYPES.stream });
        } else if (isExpertsDecl(node) && node.response) {
            acceptor({ node, property: 'response', type: MOE_TOKEN_TYPES.column });
        } else if (isCall(node)) {
            const category = calleeCategory(node);
            const type =
                category === 'distribution'
                    ? MOE_TOKEN_TYPES.distribution
                    : category === 'expert-family'
                      ? MOE_TOKEN_TYPES.expertFamily
                      : MOE_TOKEN_TYPES.callable;
            acceptor({ node, property: 'callee', type });
        } else if (isArgument(node) && node.name !== undefined) {
            acceptor({ node, property: 'name', type: MOE_TOKEN_TYPES.parameter });
        } else if (isNameValue(node)) {
            acceptor({ node, property: 'target', type: nameValueType(node) });
        }
    }
}

/** A bare name is a CSV column, a symbol such as `systematic`, or a prior: the parameter it gives says which. */
function nameValueType(node: NameValue): string {
    let container: AstNode | undefined = node.$container;
    while (isListValue(container)) container = container.$container;
    const kind = isArgument(container) ? argumentParameter(container)?.type.kind : undefined;
    if (kind === 'column' || kind === 'columns') return MOE_TOKEN_TYPES.column;
    if (kind === 'symbol') return MOE_TOKEN_TYPES.symbol;
    return MOE_TOKEN_TYPES.prior;
}
