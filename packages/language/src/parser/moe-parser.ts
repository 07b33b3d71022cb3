/**
 * Langium's parser with a CST builder that skips needless work (moe-cst-builder.ts), no new empty
 * array for the hidden tokens before each token that has none, and the links from nodes to their
 * containers set on a stack walk instead of Langium's `Object.entries` of every node, and the
 * defaults of each node type's properties looked up among those that have one.
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
    type AstReflection,
    type LangiumCoreServices,
    type LexerResult,
    type ParseResult,
    type ParserOptions,
    type TypeMetaData
} from 'langium';
import type { IToken } from 'chevrotain';
import { MoeCstNodeBuilder } from './moe-cst-builder.js';
import { linkContainers } from './link-containers.js';

const NO_TOKENS: IToken[] = Object.freeze([]) as unknown as IToken[];

/** What the functions below use of Langium's parser (private there). */
interface ParserInternals {
    nodeBuilder: CstNodeBuilder;
    lexer: LangiumCoreServices['parser']['Lexer'];
    wrapper: { input: IToken[]; errors: ParseResult['parserErrors'] };
    allRules: Map<string, unknown>;
    mainRule: unknown;
    unorderedGroups: Map<string, boolean[]>;
    lexerResult?: LexerResult;
    doParse(rule: unknown): AstNode;
    extractHiddenTokens(token: IToken): IToken[];
}

/** Langium's `LangiumParser.parse` (4.1) with the container links set by `linkContainers`. */
function parse<T extends AstNode>(this: ParserInternals, input: string, options: ParserOptions = {}): ParseResult<T> {
    this.nodeBuilder.buildRootNode(input);
    const lexerResult = (this.lexerResult = this.lexer.tokenize(input));
    this.wrapper.input = lexerResult.tokens;
    const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
    if (!ruleMethod) {
        throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    }
    const result = this.doParse(ruleMethod);
    this.nodeBuilder.addHiddenNodes(lexerResult.hidden);
    this.unorderedGroups.clear();
    this.lexerResult = undefined;
    linkContainers(result);
    return {
        value: result as T,
        lexerErrors: lexerResult.errors,
        lexerReport: lexerResult.report,
        parserErrors: this.wrapper.errors
    };
}

/** Langium's `extractHiddenTokens` without a new empty array for each token that has none before it. */
function hiddenTokensBefore(extract: ParserInternals['extractHiddenTokens']): ParserInternals['extractHiddenTokens'] {
    return function (this: ParserInternals, token: IToken): IToken[] {
        const hidden = this.lexerResult!.hidden;
        if (hidden.length === 0 || hidden[0].startOffset > token.startOffset) return NO_TOKENS;
        return extract.call(this, token);
    };
}

/**
 * The reflection the parser reads, which it asks only for each new node's properties, to fill in
 * their defaults (`assignMandatoryProperties`): there, each type's properties are reduced to those
 * with a default, in the same order, so a node gets the same properties in the same order without
 * a look at every property of its type.
 */
function reflectionForDefaults(reflection: AstReflection): Pick<AstReflection, 'getTypeMetaData'> {
    const reduced = new Map<string, TypeMetaData>();
    return {
        getTypeMetaData(type: string): TypeMetaData {
            let metaData = reduced.get(type);
            if (!metaData) {
                const full = reflection.getTypeMetaData(type);
                const properties = Object.entries(full.properties).filter(([, p]) => p.defaultValue !== undefined);
                reduced.set(type, (metaData = { ...full, properties: Object.fromEntries(properties) }));
            }
            return metaData;
        }
    };
}

/** `createLangiumParser` with the changes above (Langium keeps what they replace in private fields). */
function buildMoeParser(services: LangiumCoreServices): LangiumParser {
    const parser = new LangiumParser(services);
    (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new MoeCstNodeBuilder();
    const internals = parser as unknown as ParserInternals & { parse: typeof parse };
    internals.extractHiddenTokens = hiddenTokensBefore(internals.extractHiddenTokens);
    internals.parse = parse;
    const withReflection = parser as unknown as { astReflection: AstReflection };
    withReflection.astReflection = reflectionForDefaults(withReflection.astReflection) as AstReflection;
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
