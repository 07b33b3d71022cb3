/**
 * The lexer of Langium with one change: tokens are instances of `MoeToken` instead of chevrotain's
 * object literals. Chevrotain builds its end-of-file token with the same literal shape and NaN
 * positions, so V8 stores every position field of every lexed token as a boxed double (one heap
 * allocation per field); the parser then copies those boxed values into the ranges of the CST.
 * A class of its own keeps the positions small integers: half the lexing time and far less
 * garbage on large files (see scripts/bench/language.ts). It also bounds bracket nesting.
 */
import { DefaultLexer, type LangiumCoreServices, type LexerResult, type TokenizeOptions } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import { boundNesting } from './nesting-bound.js';

/** A token with the fields of chevrotain's full position tracking, in the same order. */
class MoeToken implements IToken {
    image: string;
    startOffset: number;
    endOffset: number;
    startLine: number;
    endLine: number;
    startColumn: number;
    endColumn: number;
    tokenTypeIdx: number;
    tokenType: TokenType;

    constructor(
        image: string,
        startOffset: number,
        tokenTypeIdx: number,
        tokenType: TokenType,
        startLine: number,
        startColumn: number,
        length: number
    ) {
        this.image = image;
        this.startOffset = startOffset;
        this.endOffset = startOffset + length - 1;
        this.startLine = startLine;
        this.endLine = startLine;
        this.startColumn = startColumn;
        this.endColumn = startColumn + length - 1;
        this.tokenTypeIdx = tokenTypeIdx;
        this.tokenType = tokenType;
    }
}

/** The token factory chevrotain calls with `positionTracking: 'full'` (its `createFullToken`). */
function createMoeToken(
    image: string,
    startOffset: number,
    tokenTypeIdx: number,
    tokenType: TokenType,
    startLine: number,
    startColumn: number,
    length: number
): IToken {
    return new MoeToken(image, startOffset, tokenTypeIdx, tokenType, startLine, startColumn, length);
}

export class MoeLexer extends DefaultLexer {
    constructor(services: LangiumCoreServices) {
        super(services);
        // Chevrotain picks its token factory per instance in its constructor; this replaces that choice.
        (this.chevrotainLexer as unknown as { createTokenInstance: typeof createMoeToken }).createTokenInstance =
            createMoeToken;
    }

    /** Tokens with nesting bounded (see nesting-bound.ts), so no later stage can overflow the stack. */
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const bounded = boundNesting(result.tokens);
        if (bounded.errors.length === 0) return result;
        return { ...result, tokens: bounded.tokens, errors: [...result.errors, ...bounded.errors] };
    }
}
