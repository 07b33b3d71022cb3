/**
 * What the cursor is in the middle of, read from the tokens before it.
 *
 * Completion runs on text that is being typed and so rarely parses: `gaussian(count = 3, |`
 * has no closing bracket yet. Rather than recover meaning from a partial syntax tree, this walks
 * the tokens before the cursor with a small state machine (open calls and lists, the statement
 * being written) and says which slot the cursor is in: the name of a callee of some category,
 * an argument name of a call, an argument's value, an item of a list, or a stream name.
 * Everything it does not recognise is left to Langium's grammar-driven completion (keywords).
 */
import type { IToken } from 'chevrotain';
import type { Lexer } from 'langium';
import type { Category } from '../catalogue/index.js';

/** An open call `callee(` before the cursor. */
export interface CallFrame {
    kind: 'call';
    callee: string;
    /** Argument names already written, in order. */
    given: string[];
    /** The strings given as positional arguments so far (a CSV path). */
    positionalStrings: string[];
    /** Named string arguments (`path = "..."`). */
    namedStrings: Record<string, string>;
    /** The name of the argument whose value is being written, once `name =` is seen. */
    currentName?: string;
    /** Bare names given as argument values (e.g. `target = accel`), by argument name. */
    namedNames: Record<string, string>;
}

/** An open list `[` before the cursor. */
export interface ListFrame {
    kind: 'list';
    /** The argument (or `intervals`) the list is the value of, when the list opened right after `name =`. */
    owner?: string;
    /** The call the list is an argument of, if any. */
    call?: CallFrame;
    /** Bare names already listed. */
    names: string[];
}

export type CursorSlot =
    /** A callee name of this category: `experts ~ |`, `data d = |`, `outer = |`. */
    | { kind: 'callee'; category: Category; call?: CallFrame; param?: string }
    /** An argument name of the open call: `gaussian(|` or `gaussian(count = 3, |`. */
    | { kind: 'argument-name'; call: CallFrame }
    /** The value of a named argument: `resampling = |`. */
    | { kind: 'argument-value'; call: CallFrame; param: string }
    /** An item of a list that is an argument's value: `inputs = [x1, |`. */
    | { kind: 'list-item'; list: ListFrame }
    /** A stream of the model: `fit em() on |`, `predict |`. */
    | { kind: 'stream' }
    /** A data declaration of the model: `split |`. */
    | { kind: 'data' }
    /** The response of `experts |`. */
    | { kind: 'response' };

export interface CursorContext {
    slot?: CursorSlot;
    /** The cursor is inside a comment or a string literal: nothing to complete. */
    inert: boolean;
    /** The word being typed (replaced by the chosen item), as offsets into the text. */
    wordStart: number;
    wordEnd: number;
}

/** Keywords that begin a statement or declaration (only at bracket depth 0). */
const STATEMENT_KEYWORDS = new Set(['import', 'prior', 'model', 'data', 'split', 'experts', 'gate', 'fit', 'predict']);

const isWord = (token: IToken): boolean => /^[_a-zA-Z]\w*$/.test(token.image);

/**
 * Offset where the line holding `offset` starts. (`lastIndexOf` with a negative start still looks
 * at index 0, so offset 0 needs its own case.)
 */
export function lineStartOf(text: string, offset: number): number {
    return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset where the line before the one starting at `lineStart` starts; -1 before the first line. */
export function previousLineStart(text: string, lineStart: number): number {
    return lineStart <= 0 ? -1 : lineStartOf(text, lineStart - 1);
}

/**
 * The slot at `offset` in `text`. Only the text before the cursor is read, and only from the
 * start of the statement the cursor is in, so the cost does not grow with the size of the file.
 */
export function cursorContext(lexer: Lexer, text: string, offset: number): CursorContext {
    const statementStart = findStatementStart(text, offset);
    const lexed = lexer.tokenize(text.slice(statementStart, offset));
    const tokens = lexed.tokens;
    if (insideCommentOrString(text, offset, statementStart, lexed.hidden)) {
        return { inert: true, wordStart: offset, wordEnd: offset };
    }
    let wordStart = offset;
    let wordEnd = offset;
    const last = tokens[tokens.length - 1];
    if (last && statementStart + last.endOffset! + 1 === offset && isWord(last)) {
        // The cursor touches a word being typed: complete it, reading the context before it.
        tokens.pop();
        wordStart = statementStart + last.startOffset;
        wordEnd = offset;
        // A word goes on to the end of the identifier, even behind the cursor.
        while (wordEnd < text.length && /\w/.test(text[wordEnd])) {
            wordEnd++;
        }
    }
    return { slot: slotAfter(tokens), inert: false, wordStart, wordEnd };
}

/** Whether the cursor is in a block comment, after `//` on its line, or after an unclosed `"`. */
function insideCommentOrString(text: string, offset: number, sliceStart: number, hidden: IToken[]): boolean {
    const last = hidden[hidden.length - 1];
    if (last?.tokenType.name === 'ML_COMMENT' && sliceStart + last.endOffset! + 1 > offset) {
        return true;
    }
    const line = text.slice(lineStartOf(text, offset), offset);
    let inString = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (inString) {
            if (c === '\\') {
                i++;
            } else if (c === '"') {
                inString = false;
            }
        } else if (c === '"') {
            inString = true;
        } else if (c === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) {
            // A block comment opened on this line and not closed before the cursor, or a line comment.
            return line[i + 1] === '/' || !line.slice(i + 2).includes('*/');
        }
    }
    return inString;
}

/**
 * Where to start reading: the beginning of the line of the nearest statement keyword before the
 * cursor that sits at the start of a line and outside brackets. Statements begin lines in every
 * formatted file; should one not, the walk below still resets at each statement keyword.
 */
function findStatementStart(text: string, offset: number): number {
    // Walk back line by line until a line that starts with a statement keyword or a brace.
    for (let lineStart = lineStartOf(text, offset); lineStart > 0; lineStart = previousLineStart(text, lineStart)) {
        const line = text.slice(lineStart, Math.min(text.length, lineStart + 40)).trimStart();
        const match = /^([a-z]+)\s*(=?)/.exec(line);
        // `experts = 10` on a line of its own is an argument of a call split over lines, not a statement.
        if ((match && STATEMENT_KEYWORDS.has(match[1]) && !match[2]) || line.startsWith('}') || line.startsWith('{')) {
            return lineStart;
        }
    }
    return 0;
}

function slotAfter(tokens: IToken[]): CursorSlot | undefined {
    const frames: Array<CallFrame | ListFrame> = [];
    /** Tokens of the current statement at bracket depth 0. */
    let statement: IToken[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        const image = token.image;
        const top = frames[frames.length - 1];
        if (frames.length === 0 && (STATEMENT_KEYWORDS.has(image) || image === '{' || image === '}')) {
            statement = [];
        }
        if (image === '(') {
            const previous = tokens[i - 1];
            frames.push({
                kind: 'call',
                callee: previous && isWord(previous) ? previous.image : '',
                given: [],
                positionalStrings: [],
                namedStrings: {},
                namedNames: {}
            });
        } else if (image === '[') {
            const owner = tokens[i - 1]?.image === '=' ? tokens[i - 2]?.image : undefined;
            const call = top?.kind === 'call' ? top : undefined;
            frames.push({ kind: 'list', owner, call, names: [] });
        } else if (image === ')' || image === ']') {
            frames.pop();
            const closed = frames[frames.length - 1];
            if (closed?.kind === 'call') {
                closed.currentName = undefined;
            }
        } else if (top?.kind === 'call') {
            readCallToken(top, tokens, i);
        } else if (top?.kind === 'list') {
            if (isWord(token)) {
                top.names.push(image);
            }
        }
        if (frames.length === 0) {
            statement.push(token);
        }
    }
    const top = frames[frames.length - 1];
    const previous = tokens[tokens.length - 1];
    if (top?.kind === 'call') {
        return callSlot(top, tokens);
    }
    if (top?.kind === 'list') {
        return previous?.image === '[' || previous?.image === ',' ? { kind: 'list-item', list: top } : undefined;
    }
    return statementSlot(statement);
}

/** Keeps track of argument names and simple values inside a call. */
function readCallToken(frame: CallFrame, tokens: IToken[], i: number): void {
    const token = tokens[i];
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    if (isWord(token) && next?.image === '=' && (previous?.image === '(' || previous?.image === ',')) {
        frame.given.push(token.image);
        frame.currentName = token.image;
    } else if (token.image === ',') {
        frame.currentName = undefined;
    } else if (token.tokenType.name === 'STRING') {
        const value = token.image.slice(1, -1);
        if (frame.currentName) {
            frame.namedStrings[frame.currentName] = value;
        } else {
            frame.positionalStrings.push(value);
        }
    } else if (isWord(token) && previous?.image === '=' && frame.currentName) {
        frame.namedNames[frame.currentName] = token.image;
    }
}

function callSlot(frame: CallFrame, tokens: IToken[]): CursorSlot | undefined {
    const previous = tokens[tokens.length - 1];
    const beforePrevious = tokens[tokens.length - 2];
    if (previous?.image === '(' || previous?.image === ',') {
        return { kind: 'argument-name', call: frame };
    }
    if (previous?.image === '=' && beforePrevious && isWord(beforePrevious)) {
        return { kind: 'argument-value', call: frame, param: beforePrevious.image };
    }
    return undefined;
}

/** Slots of a statement being written outside any bracket. */
function statementSlot(statement: IToken[]): CursorSlot | undefined {
    const keyword = statement[0]?.image;
    const images = statement.map(t => t.image);
    const lastImage = images[images.length - 1];
    switch (keyword) {
        case 'prior':
            return images.length === 3 && lastImage === '=' ? { kind: 'callee', category: 'distribution' } : undefined;
        case 'data':
            return images.length === 3 && lastImage === '=' ? { kind: 'callee', category: 'source' } : undefined;
        case 'experts':
            if (lastImage === '~') {
                return { kind: 'callee', category: 'expert-family' };
            }
            return images.length === 1 ? { kind: 'response' } : undefined;
        case 'gate':
            return lastImage === '~' ? { kind: 'callee', category: 'gate' } : undefined;
        case 'fit':
            if (images.length === 1) {
                return { kind: 'callee', category: 'inference' };
            }
            return lastImage === 'on' ? { kind: 'stream' } : undefined;
        case 'predict':
            return images.length === 1 ? { kind: 'stream' } : undefined;
        case 'split':
            if (images.length === 1) {
                return { kind: 'data' };
            }
            // `split d into train = |`: a fraction or `rows(start, end)`.
            return lastImage === '=' && images.includes('into') ? { kind: 'callee', category: 'split' } : undefined;
        default:
            return undefined;
    }
}
