/**
 * Hover documentation. Every keyword, callee (distribution, data source, family, gate, method)
 * and parameter name shows its catalogue entry: what it means, what it takes, its default and
 * valid range. A prior's name, where it is declared or used (also from an imported file), shows
 * the resolved declaration with its comment and what kind of prior it is; a stream's name shows
 * its declaration; symbol and column values show what they are a value of; a CSV path shows the
 * file's columns. Citations of the method reference link to it when the client ships it
 * (method-links.ts).
 */
import {
    AstUtils,
    CstUtils,
    GrammarAST,
    GrammarUtils,
    UriUtils,
    type AstNode,
    type CstNode,
    type LangiumDocument,
    type LeafCstNode
} from 'langium';
import type { HoverProvider } from 'langium/lsp';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import {
    argumentParameter,
    callableDocumentation,
    KEYWORD_DOCS,
    lookupCallable,
    paramDocumentation,
    PRIOR_TYPE_LABELS
} from '../catalogue/index.js';
import {
    isArgument,
    isCall,
    isDataDecl,
    isListValue,
    isNameValue,
    isPriorDecl,
    isSplitPart,
    isStringValue,
    type Argument,
    type NameValue,
    type PriorDecl
} from '../generated/ast.js';
import { readDataHeader } from '../data/data-access.js';
import { echoName } from '@moe-studio/engine/files';
import type { MoeServices } from '../moe-module.js';
import { clientOptions } from './client-options.js';
import { linkMethodCitations } from './method-links.js';
import { inferPriorType } from '../type-system/prior-types.js';

const COMMENTS = ['ML_COMMENT', 'SL_COMMENT'];

export class MoeHoverProvider implements HoverProvider {
    protected readonly services: MoeServices;

    constructor(services: MoeServices) {
        this.services = services;
    }

    getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden || offset < leaf.offset || offset >= leaf.end) {
            return undefined;
        }
        const value = this.leafDocumentation(document, leaf);
        if (!value) {
            return undefined;
        }
        const linked = linkMethodCitations(value, clientOptions(this.services.shared).methodReference);
        return { contents: { kind: MarkupKind.Markdown, value: linked }, range: leaf.range };
    }

    protected leafDocumentation(document: LangiumDocument, leaf: LeafCstNode): string | undefined {
        const node = leaf.astNode;
        if (isArgument(node) && isPropertyLeaf(node, 'name', leaf)) {
            return this.argumentNameDocumentation(node);
        }
        if (isCall(node) && isPropertyLeaf(node, 'callee', leaf)) {
            const spec = lookupCallable(node.callee);
            return spec ? callableDocumentation(spec) : undefined;
        }
        if (isNameValue(node)) {
            return this.nameValueDocumentation(document, node);
        }
        if (
            isStringValue(node) &&
            isArgument(node.$container) &&
            argumentParameter(node.$container)?.name === 'path' &&
            node.$container.$container.callee === 'csv'
        ) {
            return this.csvFileDocumentation(document, node.value);
        }
        if (isPropertyLeaf(node, 'name', leaf)) {
            return this.declarationDocumentation(document, node);
        }
        // A reference to a stream or a data declaration (`fit ... on train`, `predict test`, `split all`).
        const [target] = this.services.references.References.findDeclarations(leaf);
        if (target && target !== node) {
            return this.declarationDocumentation(document, target);
        }
        if (GrammarAST.isKeyword(leaf.grammarSource)) {
            return KEYWORD_DOCS[leaf.text];
        }
        return undefined;
    }

    protected argumentNameDocumentation(argument: Argument): string | undefined {
        const param = argumentParameter(argument);
        if (!param) {
            return undefined;
        }
        return `parameter of \`${argument.$container.callee}\`\n\n${paramDocumentation(param)}`;
    }

    protected nameValueDocumentation(document: LangiumDocument, value: NameValue): string | undefined {
        const target = value.target?.ref;
        if (target) {
            return this.declarationDocumentation(document, target);
        }
        // Not a prior: a symbol (`systematic`) or a CSV column (`accel`), by the parameter it is given to.
        const argument = isArgument(value.$container)
            ? value.$container
            : isListValue(value.$container) && isArgument(value.$container.$container)
              ? value.$container.$container
              : undefined;
        const param = argument ? argumentParameter(argument) : undefined;
        const name = value.target?.$refText;
        if (!param || !name) {
            return undefined;
        }
        switch (param.type.kind) {
            case 'symbol':
                return param.type.values.includes(name)
                    ? `\`${name}\`: a value of \`${param.name}\`\n\n${paramDocumentation(param)}`
                    : undefined;
            case 'column':
            case 'columns': {
                const path = csvPath(argument!.$container);
                return `column \`${name}\`${path ? ` of \`${path}\`` : ''}\n\n${paramDocumentation(param)}`;
            }
            default:
                return undefined;
        }
    }

    /** The path of a `csv(...)` source: where it points and the columns of its header. */
    protected csvFileDocumentation(document: LangiumDocument, path: string): string | undefined {
        if (document.uri.scheme !== 'file' || !path) {
            return undefined;
        }
        const absolute = UriUtils.resolvePath(UriUtils.dirname(document.uri), path).fsPath;
        const header = readDataHeader(absolute, document.uri.fsPath);
        return header.ok
            ? `CSV file \`${absolute}\`\n\ncolumns: ${header.columns
                  .slice(0, 50)
                  .map(c => `\`${echoName(c)}\``)
                  .join(', ')}${header.columns.length > 50 ? ` and ${header.columns.length - 50} more` : ''}`
            : `CSV file \`${absolute}\`: ${header.reason}`;
    }

    /** A declaration: its source text, the comment above it, and what it is. */
    protected declarationDocumentation(document: LangiumDocument, node: AstNode): string | undefined {
        const cst = node.$cstNode;
        if (!cst) {
            return undefined;
        }
        const declaring = AstUtils.getDocument(node);
        const origin =
            declaring.uri.toString() === document.uri.toString()
                ? ''
                : ` (from \`${UriUtils.basename(declaring.uri)}\`)`;
        const parts: string[] = [];
        if (isPriorDecl(node)) {
            parts.push(`prior \`${node.name}\`${origin}${priorKind(node)}`);
        } else if (isDataDecl(node)) {
            parts.push(`data stream \`${node.name}\`${origin}`);
        } else if (isSplitPart(node)) {
            parts.push(
                `stream \`${node.name}\`: part of the split of \`${node.$container.source?.$refText ?? ''}\`${origin}`
            );
        } else {
            return undefined;
        }
        const comment = leadingComment(cst);
        if (comment) {
            parts.push(comment);
        }
        parts.push(
            '```moe\n' + (isSplitPart(node) ? (node.$container.$cstNode?.text ?? cst.text) : cst.text) + '\n```'
        );
        if (isPriorDecl(node) && isCall(node.distribution)) {
            const spec = lookupCallable(node.distribution.callee);
            if (spec) {
                parts.push(spec.doc);
            }
        }
        return parts.join('\n\n');
    }
}

/** Whether `leaf` is (part of) the text of `node`'s `property`. */
function isPropertyLeaf(node: AstNode, property: string, leaf: CstNode): boolean {
    const propertyNode = GrammarUtils.findNodeForProperty(node.$cstNode, property);
    return propertyNode !== undefined && propertyNode.offset <= leaf.offset && leaf.end <= propertyNode.end;
}

function priorKind(prior: PriorDecl): string {
    const inferred = inferPriorType(prior.distribution);
    return inferred.kind === 'prior' ? `: ${PRIOR_TYPE_LABELS[inferred.type]}` : '';
}

/** The `path` (first positional string) of a `csv(...)` call. */
function csvPath(call: { callee: string; arguments: Argument[] }): string | undefined {
    if (call.callee !== 'csv') {
        return undefined;
    }
    const path = call.arguments.find(a => a.name === 'path') ?? call.arguments.find(a => a.name === undefined);
    const value = path?.value as { $type: string; value?: unknown } | undefined;
    return value?.$type === 'StringValue' && typeof value.value === 'string'
        ? value.value.replace(/^"|"$/g, '')
        : undefined;
}

/**
 * The comments directly above a declaration (a block comment or a run of line comments that ends
 * on the line before it), without their markers: the declaration's documentation.
 */
function leadingComment(cst: CstNode): string | undefined {
    const lines: string[] = [];
    let next: CstNode = cst;
    for (
        let comment = CstUtils.findCommentNode(next, COMMENTS);
        comment;
        comment = CstUtils.findCommentNode(next, COMMENTS)
    ) {
        if (comment.range.end.line !== next.range.start.line - 1) {
            break;
        }
        lines.unshift(stripCommentMarkers(comment.text));
        next = comment;
        if (comment.text.startsWith('/*')) {
            break;
        }
    }
    const text = lines.join('\n').trim();
    return text || undefined;
}

function stripCommentMarkers(text: string): string {
    if (text.startsWith('//')) {
        return text.slice(2).trim();
    }
    return text
        .replace(/^\/\*+/, '')
        .replace(/\*+\/$/, '')
        .split('\n')
        .map(line => line.replace(/^\s*\*?\s?/, ''))
        .join('\n')
        .trim();
}
