/**
 * Langium's parser with a CST builder that skips needless work. Before every consumed token the
 * parser asks the builder to place the hidden tokens (comments) that precede it; Langium's builder
 * does so even when there are none, and for the first token of a new node it then searches the
 * parent's children with `indexOf` to splice in nothing. At the top level of a file that parent
 * holds every declaration so far, so parsing grew quadratically with the number of priors.
 */
import { CstNodeBuilder, LangiumParser, createParser, type LangiumCoreServices } from 'langium';
import type { IToken } from 'chevrotain';

class MoeCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length > 0) {
            super.addHiddenNodes(tokens);
        }
    }
}

/** `createLangiumParser` with the builder above (Langium keeps its builder in a private field). */
export function createMoeParser(services: LangiumCoreServices): LangiumParser {
    const parser = new LangiumParser(services);
    (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new MoeCstNodeBuilder();
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
