/**
 * Grammar fuzz: thousands of random mutations of the example models (tokens deleted, duplicated
 * and swapped; lines dropped and repeated; random bytes inserted and overwritten; files cut short)
 * go through parsing, validation, the editor features and the compiler. Nothing may throw; every
 * diagnostic must have a range inside the document; the formatter may only change white space and
 * must be idempotent; a mutant without errors must compile to a plan the engine accepts.
 *
 * Three mutations aim at the bounds: brackets nested far beyond the nesting bound, calls with
 * hundreds of positional arguments, and number literals that overflow, underflow or run to
 * thousands of digits.
 *
 * Seeded: a failure prints the seed, the iteration and the mutated text, and `MOE_FUZZ_SEED=<seed>`
 * replays the run. `MOE_FUZZ_ITERATIONS` changes the number of mutants and `MOE_FUZZ_SCALE` the
 * size of the bound-seeking mutations (`npm run fuzz` runs a longer, larger version).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test, vi } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { validatePlan } from '../../packages/engine/src/plan/validate-plan.js';
import { compileDocument } from '../../packages/language/src/compiler/compile-document.js';
import { createMoeServices } from '../../packages/language/src/moe-module.js';

const SEED = Number(process.env.MOE_FUZZ_SEED ?? 20261124);
// 800 mutants visit every example and every mutation many times and take under 15 s on a loaded
// two-core machine (2000 took 38 s in CI); `npm run fuzz` runs 20000 at a larger scale.
const ITERATIONS = Number(process.env.MOE_FUZZ_ITERATIONS ?? 800);
const SCALE = Number(process.env.MOE_FUZZ_SCALE ?? 1);

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
const examples = readdirSync(examplesDir)
    .filter(f => f.endsWith('.moe'))
    .sort()
    .map(name => ({ name, text: readFileSync(resolve(examplesDir, name), 'utf8') }));

const { shared, Moe } = createMoeServices(NodeFileSystem);
const lexer = Moe.parser.Lexer;

/** Characters worth inserting: the grammar's punctuation, quotes, comment openers, odd Unicode, control bytes. */
const NASTY = [
    '{',
    '}',
    '(',
    ')',
    '[',
    ']',
    ',',
    '=',
    '~',
    '-',
    '"',
    '/*',
    '*/',
    '//',
    '\n',
    '\t',
    '\r',
    '\u0000',
    '\u00e9',
    '\u{1F600}',
    '1e999',
    '-0',
    '.',
    'NaN'
];

type Mutation = (text: string, rng: Rng) => string;

function tokenSpans(text: string): Array<[number, number]> {
    const { tokens, hidden } = lexer.tokenize(text);
    return [...tokens, ...hidden]
        .map(t => [t.startOffset, t.endOffset! + 1] as [number, number])
        .sort((a, b) => a[0] - b[0]);
}

const pick = <T>(items: readonly T[], rng: Rng): T => items[rng.integer(items.length)];

const MUTATIONS: Record<string, Mutation> = {
    deleteToken(text, rng) {
        const spans = tokenSpans(text);
        if (spans.length === 0) return text;
        const [start, end] = pick(spans, rng);
        return text.slice(0, start) + text.slice(end);
    },
    duplicateToken(text, rng) {
        const spans = tokenSpans(text);
        if (spans.length === 0) return text;
        const [start, end] = pick(spans, rng);
        return text.slice(0, end) + ' ' + text.slice(start, end) + text.slice(end);
    },
    swapTokens(text, rng) {
        const spans = tokenSpans(text);
        if (spans.length < 2) return text;
        const i = rng.integer(spans.length - 1);
        const [a, b] = [spans[i], spans[i + 1]];
        return (
            text.slice(0, a[0]) +
            text.slice(b[0], b[1]) +
            text.slice(a[1], b[0]) +
            text.slice(a[0], a[1]) +
            text.slice(b[1])
        );
    },
    moveToken(text, rng) {
        const spans = tokenSpans(text);
        if (spans.length < 2) return text;
        const [start, end] = pick(spans, rng);
        const token = text.slice(start, end);
        const rest = text.slice(0, start) + text.slice(end);
        const at = rng.integer(rest.length + 1);
        return rest.slice(0, at) + token + rest.slice(at);
    },
    deleteLine(text, rng) {
        const lines = text.split('\n');
        lines.splice(rng.integer(lines.length), 1);
        return lines.join('\n');
    },
    duplicateLine(text, rng) {
        const lines = text.split('\n');
        const i = rng.integer(lines.length);
        lines.splice(i, 0, lines[i]);
        return lines.join('\n');
    },
    insertBytes(text, rng) {
        const at = rng.integer(text.length + 1);
        let bytes = '';
        for (let n = 1 + rng.integer(4); n > 0; n--) {
            bytes += rng.uniform() < 0.5 ? pick(NASTY, rng) : String.fromCharCode(rng.integer(256));
        }
        return text.slice(0, at) + bytes + text.slice(at);
    },
    overwriteByte(text, rng) {
        if (text.length === 0) return text;
        const at = rng.integer(text.length);
        return text.slice(0, at) + String.fromCharCode(rng.integer(256)) + text.slice(at + 1);
    },
    truncate(text, rng) {
        return text.slice(0, rng.integer(text.length + 1));
    },
    nestDeep(text, rng) {
        // Around a random token: past the nesting bound (64) most of the time, sometimes far past it.
        const spans = tokenSpans(text);
        if (spans.length === 0) return text;
        const [start, end] = pick(spans, rng);
        const depth = 1 + rng.integer(Math.round(200 * SCALE));
        const [open, close] = pick(
            [
                ['[', ']'],
                ['f(', ')'],
                ['f(a = ', ')'],
                ['{', '}']
            ],
            rng
        );
        return (
            text.slice(0, start) +
            open.repeat(depth) +
            text.slice(start, end) +
            close.repeat(rng.uniform() < 0.8 ? depth : rng.integer(depth)) +
            text.slice(end)
        );
    },
    longArguments(text, rng) {
        // After an opening parenthesis: many positional or named arguments.
        const opens = [...text.matchAll(/\(/g)].map(m => m.index!);
        if (opens.length === 0) return text;
        const at = pick(opens, rng) + 1;
        const count = 1 + rng.integer(Math.round(300 * SCALE));
        const named = rng.uniform() < 0.5;
        const args = Array.from({ length: count }, (_, i) => (named ? `p${i % 7} = ${i}` : String(i))).join(', ');
        return text.slice(0, at) + args + ', ' + text.slice(at);
    },
    hugeLiteral(text, rng) {
        const numbers = [...text.matchAll(/\d+(\.\d*)?([eE][+-]?\d+)?/g)];
        if (numbers.length === 0) return text;
        const match = pick(numbers, rng);
        const literal = pick(
            [
                '1e400',
                '1e-400',
                '5e-324',
                '1e308',
                '9'.repeat(1 + rng.integer(Math.round(5000 * SCALE))),
                '0.' + '0'.repeat(400) + '1'
            ],
            rng
        );
        return text.slice(0, match.index!) + literal + text.slice(match.index! + match[0].length);
    }
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A range inside the document: ordered, on existing lines, within each line's length (the end may be the line's end). */
function rangeProblem(diagnostic: Diagnostic, document: TextDocument): string | undefined {
    const { start, end } = diagnostic.range;
    // Line breaks as the editor counts them: \n, \r\n and a lone \r.
    const lineLength = (line: number) =>
        document
            .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
            .replace(/(\r\n|\r|\n)$/, '').length;
    const inside = (p: { line: number; character: number }) =>
        Number.isInteger(p.line) &&
        Number.isInteger(p.character) &&
        p.line >= 0 &&
        p.character >= 0 &&
        p.line < document.lineCount &&
        p.character <= lineLength(p.line);
    if (!inside(start) || !inside(end)) return `outside the document: ${JSON.stringify(diagnostic.range)}`;
    if (end.line < start.line || (end.line === start.line && end.character < start.character))
        return `reversed: ${JSON.stringify(diagnostic.range)}`;
    return undefined;
}

/** Parse, validate, run the editor features and compile one text; returns what went wrong, if anything. */
async function exercise(text: string, uri: URI, rng: Rng): Promise<{ problems: string[]; parsed: boolean }> {
    const problems: string[] = [];
    let parsed = false;
    const documents = shared.workspace.LangiumDocuments;
    const document: LangiumDocument = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    documents.addDocument(document);
    try {
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        parsed = document.parseResult.parserErrors.length + document.parseResult.lexerErrors.length === 0;
        for (const diagnostic of document.diagnostics ?? []) {
            // Langium turns an exception in a validation check into this diagnostic (and a console error).
            if (
                diagnostic.message.startsWith('An error occurred during validation') ||
                diagnostic.message.startsWith('Validation of this file stopped')
            ) {
                problems.push(`a validation check threw: ${diagnostic.message}`);
            }
            const problem = rangeProblem(diagnostic, document.textDocument);
            if (problem) problems.push(`diagnostic '${diagnostic.message}' ${problem}`);
        }
        const params = { textDocument: { uri: uri.toString() } };
        const position = document.textDocument.positionAt(rng.integer(text.length + 1));
        await Moe.lsp.CompletionProvider!.getCompletion(document, { ...params, position });
        await Moe.lsp.HoverProvider!.getHoverContent(document, { ...params, position });
        Moe.lsp.DocumentSymbolProvider!.getSymbols(document, params);
        Moe.lsp.FoldingRangeProvider!.getFoldingRanges(document, params);
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
        await Moe.lsp.CodeActionProvider!.getCodeActions(document, {
            ...params,
            range: errors[0]?.range ?? { start: position, end: position },
            context: { diagnostics: document.diagnostics ?? [] }
        });
        const options = { insertSpaces: true, tabSize: 4 };
        const edits = await Moe.lsp.Formatter!.formatDocument(document, { ...params, options });
        if (edits.length > 0) {
            const formatted = TextDocument.applyEdits(document.textDocument, edits);
            if (formatted.replace(/\s+/g, '') !== text.replace(/\s+/g, ''))
                problems.push('the formatter changed more than white space');
            const again = shared.workspace.LangiumDocumentFactory.fromString(
                formatted,
                URI.parse(uri.toString() + '.formatted.moe')
            );
            const secondEdits = await Moe.lsp.Formatter!.formatDocument(again, {
                textDocument: { uri: again.uri.toString() },
                options
            });
            if (TextDocument.applyEdits(again.textDocument, secondEdits) !== formatted)
                problems.push('formatting twice changed the text again');
        }
        const output = compileDocument(Moe, document);
        if (errors.length === 0 && (document.parseResult.value as { models?: unknown[] }).models?.length) {
            if (!output.plan) {
                problems.push(
                    `a model without errors did not compile: ${output.problems.map(p => p.message).join('; ')}`
                );
            } else {
                try {
                    validatePlan(JSON.parse(JSON.stringify(output.plan)));
                } catch (error) {
                    problems.push(
                        `the plan of a model without errors is rejected by the engine: ${(error as Error).message}`
                    );
                }
            }
        }
    } catch (error) {
        problems.push(`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
        documents.deleteDocument(uri);
        shared.workspace.IndexManager.remove(uri);
    }
    return { problems, parsed };
}

describe('grammar fuzz', () => {
    test(`${ITERATIONS} mutants of the examples (seed ${SEED}) parse, validate, format and compile without throwing`, async () => {
        expect(examples.length).toBeGreaterThan(5);
        // The shared priors are part of the workspace, as in the editor, so imports resolve.
        const priors = await shared.workspace.LangiumDocuments.getOrCreateDocument(
            URI.file(resolve(examplesDir, 'priors.moe'))
        );
        await shared.workspace.DocumentBuilder.build([priors], { validation: false });

        const rng = new Rng(SEED, 'grammar-fuzz');
        // One report per distinct kind of failure (its first line), with the first text that showed it.
        const failures = new Map<string, string>();
        const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        const counts = { clean: 0, withErrors: 0 };
        for (let i = 0; i < ITERATIONS; i++) {
            const example = examples[i % examples.length];
            let text = example.text;
            const applied: string[] = [];
            for (let n = 1 + rng.integer(3); n > 0; n--) {
                const name = pick(MUTATION_NAMES, rng);
                applied.push(name);
                text = MUTATIONS[name](text, rng);
            }
            // Next to the examples, so relative CSV paths and `import "priors.moe"` resolve as in the real files.
            const uri = URI.file(resolve(examplesDir, `fuzz-${i}.moe`));
            const { problems, parsed } = await exercise(text, uri, rng);
            counts[parsed ? 'clean' : 'withErrors']++;
            for (const problem of problems) {
                const kind = problem
                    .split('\n')[0]
                    .replace(/\d+/g, 'N')
                    .replace(/'[^']*'/g, "'_'");
                if (!failures.has(kind)) {
                    failures.set(
                        kind,
                        `iteration ${i} (seed ${SEED}, ${example.name}, ${applied.join(' + ')}):\n  ${problem.split('\n').slice(0, 6).join('\n  ')}\n--- text ---\n${text}\n------------`
                    );
                }
            }
        }
        quiet.mockRestore();
        expect([...failures.values()], [...failures.values()].join('\n\n')).toEqual([]);
        // The mutations must exercise both paths: texts that still parse and texts that do not.
        expect(counts.clean).toBeGreaterThan(ITERATIONS / 20);
        expect(counts.withErrors).toBeGreaterThan(ITERATIONS / 4);
    });
});
