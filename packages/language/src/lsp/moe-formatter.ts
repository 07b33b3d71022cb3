/**
 * Formatting of .moe files: one statement per line, statements indented inside `model { }`,
 * one space around `=` and `~` and after commas, none inside brackets, calls written `name(...)`.
 *
 * Written against the token stream (comments included) rather than with Langium's
 * `AbstractFormatter`, because the only thing a formatter may change here is the whitespace
 * *between* tokens: comments are tokens, so they are kept verbatim by construction, and every
 * decision depends only on the two tokens around a gap and on whether that gap held a line break.
 * Since the output keeps the line-break/no-line-break class of every gap, formatting twice gives
 * the same text (idempotence). The AST is used only to know where statements begin.
 */
import type { IToken } from 'chevrotain';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
    DocumentFormattingParams,
    DocumentOnTypeFormattingOptions,
    DocumentOnTypeFormattingParams,
    DocumentRangeFormattingParams,
    FormattingOptions,
    TextEdit
} from 'vscode-languageserver';
import type { MoeServices } from '../moe-module.js';

/** Token type names of the grammar's comment terminals. */
const COMMENT_TYPES = new Set(['SL_COMMENT', 'ML_COMMENT']);
const OPENING = new Set(['(', '[']);
const CLOSING = new Set([')', ']']);
/** Most line breaks a gap keeps: one blank line. */
const MAX_NEWLINES = 2;

export class MoeFormatter implements Formatter {
    protected readonly services: MoeServices;

    constructor(services: MoeServices) {
        this.services = services;
    }

    formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        return this.isSafeToFormat(document) ? this.computeEdits(document, params.options) : [];
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        if (!this.isSafeToFormat(document)) {
            return [];
        }
        const start = document.textDocument.offsetAt(params.range.start);
        const end = document.textDocument.offsetAt(params.range.end);
        return this.computeEdits(document, params.options).filter(edit => {
            const editStart = document.textDocument.offsetAt(edit.range.start);
            const editEnd = document.textDocument.offsetAt(edit.range.end);
            return editStart >= start && editEnd <= end;
        });
    }

    formatDocumentOnType(_document: LangiumDocument, _params: DocumentOnTypeFormattingParams): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    /** A document with lexer or parser errors is left alone: its token structure is not trustworthy. */
    protected isSafeToFormat(document: LangiumDocument): boolean {
        const result = document.parseResult;
        return result.lexerErrors.length === 0 && result.parserErrors.length === 0;
    }

    protected computeEdits(document: LangiumDocument, given: FormattingOptions | undefined): TextEdit[] {
        // `options` is required by the protocol, but a client that leaves it out still gets the
        // house style (four spaces) rather than an exception.
        const options = indentationOf(given);
        const text = document.textDocument.getText();
        const lexed = this.services.parser.Lexer.tokenize(text);
        const tokens = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
        const statementStarts = this.statementStartOffsets(document.parseResult.value);
        const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
        const edits: TextEdit[] = [];
        const replaceGap = (from: number, to: number, wanted: string): void => {
            if (text.slice(from, to) !== wanted) {
                edits.push({
                    range: { start: document.textDocument.positionAt(from), end: document.textDocument.positionAt(to) },
                    newText: wanted
                });
            }
        };
        if (tokens.length === 0) {
            replaceGap(0, text.length, '');
            return edits;
        }

        let braceDepth = 0;
        /** For each open `(` or `[`: the indentation level of the line it was opened on. */
        const bracketLineIndents: number[] = [];
        let lineIndent = 0;
        let previous: IToken | undefined;
        let previousClosedTopLevelBlock = false;
        for (const token of tokens) {
            const type = token.tokenType.name;
            const from = previous ? previous.endOffset! + 1 : 0;
            const gap = text.slice(from, token.startOffset);
            const gapNewlines = countNewlines(gap);
            const startsStatement = statementStarts.has(token.startOffset);
            // A comment written after code stays on that line (`model m { // note`, `} // end`).
            const trailingComment = previous !== undefined && gapNewlines === 0 && COMMENT_TYPES.has(type);

            if (!previous) {
                replaceGap(from, token.startOffset, '');
            } else {
                const prevType = previous.tokenType.name;
                let newlines = Math.min(gapNewlines, MAX_NEWLINES);
                if (
                    newlines === 0 &&
                    !trailingComment &&
                    (startsStatement || prevType === '{' || type === '}' || prevType === 'SL_COMMENT')
                ) {
                    newlines = 1;
                }
                if (previousClosedTopLevelBlock && !trailingComment) {
                    newlines = Math.max(newlines, 2);
                }
                if (newlines > 0) {
                    lineIndent = this.lineIndent(token, braceDepth, bracketLineIndents, startsStatement);
                    replaceGap(from, token.startOffset, '\n'.repeat(newlines) + unit.repeat(lineIndent));
                } else {
                    replaceGap(from, token.startOffset, ' '.repeat(spacesBetween(previous, token)));
                }
            }

            if (!trailingComment) {
                previousClosedTopLevelBlock = false;
            }
            if (type === '{') {
                braceDepth++;
            } else if (type === '}') {
                braceDepth = Math.max(0, braceDepth - 1);
                previousClosedTopLevelBlock = braceDepth === 0 && bracketLineIndents.length === 0;
            } else if (OPENING.has(type)) {
                bracketLineIndents.push(lineIndent);
            } else if (CLOSING.has(type)) {
                bracketLineIndents.pop();
            }
            previous = token;
        }
        // Exactly one line break at the end of the file.
        replaceGap(previous!.endOffset! + 1, text.length, '\n');
        return edits;
    }

    /** Indentation level of a line that begins with `token`. */
    protected lineIndent(
        token: IToken,
        braceDepth: number,
        bracketLineIndents: number[],
        startsStatement: boolean
    ): number {
        const type = token.tokenType.name;
        if (type === '}') {
            return Math.max(0, braceDepth - 1);
        }
        if (bracketLineIndents.length > 0) {
            const opener = bracketLineIndents[bracketLineIndents.length - 1];
            return CLOSING.has(type) ? opener : opener + 1;
        }
        if (startsStatement || COMMENT_TYPES.has(type)) {
            return braceDepth;
        }
        // A statement continued on the next line.
        return braceDepth + 1;
    }

    /**
     * Offsets where a line-level construct begins: the file's declarations (imports, priors,
     * models) and the statements of each model (the elements of its array-valued properties).
     */
    protected statementStartOffsets(root: AstNode): Set<number> {
        const starts = new Set<number>();
        for (const declaration of AstUtils.streamContents(root)) {
            if (declaration.$cstNode) {
                starts.add(declaration.$cstNode.offset);
            }
            for (const child of AstUtils.streamContents(declaration)) {
                const owner = (declaration as unknown as Record<string, unknown>)[child.$containerProperty ?? ''];
                if (Array.isArray(owner) && child.$cstNode) {
                    starts.add(child.$cstNode.offset);
                }
            }
        }
        return starts;
    }
}

function countNewlines(text: string): number {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            count++;
        }
    }
    return count;
}

/** Spaces between two tokens on the same line. */
function spacesBetween(previous: IToken, next: IToken): number {
    const a = previous.tokenType.name;
    const b = next.tokenType.name;
    if (b === ',' || CLOSING.has(b) || OPENING.has(a)) {
        return 0;
    }
    if (b === '(' && /^\w+$/.test(previous.image) && a !== 'NUMBER') {
        return 0; // a call: `normal(`
    }
    if (a === '-' && b === 'NUMBER') {
        return 0; // a negative number
    }
    return 1;
}

/** The indentation a formatting request asks for, with the house style (four spaces) for what it leaves out. */
export function indentationOf(options: Partial<FormattingOptions> | undefined): {
    insertSpaces: boolean;
    tabSize: number;
} {
    const tabSize =
        typeof options?.tabSize === 'number' &&
        Number.isInteger(options.tabSize) &&
        options.tabSize > 0 &&
        options.tabSize <= 16
            ? options.tabSize
            : 4;
    return { insertSpaces: options?.insertSpaces !== false, tabSize };
}
