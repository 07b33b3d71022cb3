/**
 * Readable syntax errors: "Expected ')' but found 'experts'." instead of the generator's token
 * type names (ID, NUMBER, ...).
 */
import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

const TERMINAL_NAMES: Record<string, string> = {
    ID: 'a name',
    NUMBER: 'a number',
    STRING: 'a string in double quotes',
    EOF: 'the end of the file'
};

function describeExpected(type: TokenType): string {
    return TERMINAL_NAMES[type.name] ?? `'${type.name.replace(/:KW$/, '')}'`;
}

function describeFound(token: IToken): string {
    return token.tokenType?.name === 'EOF' || token.image === '' ? 'the end of the file' : `'${token.image}'`;
}

function alternatives(paths: TokenType[][]): string {
    const firsts = [
        ...new Set(
            paths
                .map(p => p[0])
                .filter(t => t !== undefined)
                .map(describeExpected)
        )
    ];
    if (firsts.length === 0) return 'something else';
    return firsts.length === 1 ? firsts[0] : `${firsts.slice(0, -1).join(', ')} or ${firsts[firsts.length - 1]}`;
}

export class MoeParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage({
        expected,
        actual
    }: {
        expected: TokenType;
        actual: IToken;
        previous: IToken;
        ruleName: string;
    }): string {
        return `Expected ${describeExpected(expected)} but found ${describeFound(actual)}.`;
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
        return `Unexpected ${describeFound(firstRedundant)}: expected 'import', 'prior' or 'model' at the top level of a file.`;
    }

    override buildNoViableAltMessage(options: {
        expectedPathsPerAlt: TokenType[][][];
        actual: IToken[];
        previous: IToken;
        customUserDescription?: string;
        ruleName: string;
    }): string {
        const paths = options.expectedPathsPerAlt.flat();
        return `Unexpected ${describeFound(options.actual[0])}: expected ${alternatives(paths)}.`;
    }

    override buildEarlyExitMessage(options: {
        expectedIterationPaths: TokenType[][];
        actual: IToken[];
        previous: IToken;
        customUserDescription?: string;
        ruleName: string;
    }): string {
        return `Unexpected ${describeFound(options.actual[0])}: expected ${alternatives(options.expectedIterationPaths)}.`;
    }
}
