/**
 * Langium's parser with a CST builder that skips needless work. Before every consumed token the
 * parser asks the builder to place the hidden tokens (comments) that precede it; Langium's builder
 * does so even when there are none, and for the first token of a new node it then searches the
 * parent's children with `indexOf` to splice in nothing. At the top level of a file that parent
 * holds every declaration so far, so parsing grew quadratically with the number of priors.
 *
 * A parser that threw is never used again: chevrotain and Langium keep their rule stacks in the
 * instance, and after an exception those hold the half-finished parse, which corrupts every later
 * one. The parser of the language is therefore a holder that builds a fresh one after a failure.
 */
import {
    CstNodeBuilder,
    LangiumParser,
    createParser,
    type AstNode,
    type LangiumCoreServices,
    type ParseResult,
    type ParserOptions
} from 'langium';
import type { IToken } from 'chevrotain';

class MoeCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length > 0) {
            super.addHiddenNodes(tokens);
        }
    }
}

/** `createLangiumParser` with the builder above (Langium keeps its builder in a private field). */
function buildMoeParser(services: LangiumCoreServices): LangiumParser {
    const parser = new LangiumParser(services);
    (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new MoeCstNodeBuilder();
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

/** Parses with one parser until it throws, then with a new one (see above). */
export class FreshAfterFailureParser {
    private parser: LangiumParser;

    constructor(private readonly build: () => LangiumParser) {
        this.parser = build();
    }

    parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        try {
            return this.parser.parse<T>(input, options);
        } catch (error) {
            this.parser = this.build();
            throw error;
        }
    }
}

/**
 * The parser service. Langium calls only `parse` on it (the document factory and the async parser);
 * the holder stands in for the class it is registered as.
 */
export function createMoeParser(services: LangiumCoreServices): LangiumParser {
    return new FreshAfterFailureParser(() => buildMoeParser(services)) as unknown as LangiumParser;
}
