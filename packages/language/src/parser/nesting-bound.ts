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

/** +1 for an opening bracket, -1 for a closing one, 0 for any other token. */
function bracket(token: IToken): number {
    const image = token.image;
    if (image.length !== 1) return 0;
    switch (image.charCodeAt(0)) {
        case 40 /* ( */:
        case 91 /* [ */:
        case 123 /* { */:
            return 1;
        case 41 /* ) */:
        case 93 /* ] */:
        case 125 /* } */:
            return -1;
        default:
            return 0;
    }
}

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
        const step = bracket(token);
        if (step > 0) deepest = Math.max(deepest, ++depth);
        else if (step < 0 && depth > 0) depth--;
    }
    if (deepest <= maxNesting) return { tokens, errors };

    const kept: IToken[] = [];
    depth = 0;
    // While skipping, the depth at which the dropped bracket was opened.
    let skippingFrom = -1;
    for (const token of tokens) {
        const step = bracket(token);
        const opens = step > 0;
        const closes = step < 0 && depth > 0;
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
