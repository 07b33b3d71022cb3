/**
 * A bound on bracket nesting, applied to the token stream before parsing. The parser descends one
 * rule per level of `(`, `[` or `{`, and so does every recursive walk after it (validation, the
 * compiler, JSON of the plan); a few hundred levels overflow the stack. Nesting beyond the bound
 * becomes one lexing error at the first bracket too deep, and the tokens inside that bracket (up to
 * its match) are dropped, so the parser only ever sees bounded nesting. Real models nest four or
 * five levels.
 */
import type { ILexingError, IToken } from 'chevrotain';

/** The deepest nesting of brackets a .moe file may have. */
export const MAX_NESTING = 64;

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

export interface BoundedTokens {
    tokens: IToken[];
    errors: ILexingError[];
}

/** The tokens with every bracket nested deeper than `MAX_NESTING` removed along with its contents. */
export function boundNesting(tokens: IToken[], maxNesting = MAX_NESTING): BoundedTokens {
    const errors: ILexingError[] = [];
    let depth = 0;
    let deepest = 0;
    for (const token of tokens) {
        if (OPENING.has(token.image)) deepest = Math.max(deepest, ++depth);
        else if (CLOSING.has(token.image) && depth > 0) depth--;
    }
    if (deepest <= maxNesting) return { tokens, errors };

    const kept: IToken[] = [];
    depth = 0;
    // While skipping, the depth at which the dropped bracket was opened.
    let skippingFrom = -1;
    for (const token of tokens) {
        const opens = OPENING.has(token.image);
        const closes = CLOSING.has(token.image) && depth > 0;
        if (opens) depth++;
        if (skippingFrom < 0 && opens && depth > maxNesting) {
            skippingFrom = depth;
            errors.push({
                offset: token.startOffset,
                line: token.startLine,
                column: token.startColumn,
                length: token.image.length,
                message: `Brackets nested deeper than ${maxNesting} levels: a .moe file may nest calls and lists at most ${maxNesting} deep. What is inside this bracket was not read.`
            });
        }
        if (skippingFrom < 0) kept.push(token);
        if (closes) {
            if (depth === skippingFrom) skippingFrom = -1;
            depth--;
        }
    }
    return { tokens: kept, errors };
}
