/**
 * Quick fixes: for each fixable diagnostic code, a model that has exactly that problem, the fix
 * offered for it, the text after applying it, and (checked by `testCodeAction`) the diagnostic
 * gone afterwards.
 */
import { EmptyFileSystem } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { clearDocuments, testCodeAction, validationHelper } from 'langium/test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { IssueCodes } from '../../../packages/language/src/issue-codes.js';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const fix = testCodeAction(services);
const validate = validationHelper(services);
/**
 * A real CSV file with the columns times, accel, by absolute path (`testCodeAction` parses the
 * text before and after the fix under two generated URIs).
 */
const onDisk = createMoeServices(NodeFileSystem).Moe;
const mcycle = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/data/mcycle.csv');

afterEach(async () => {
    await clearDocuments(services);
    await clearDocuments(onDisk);
});

const base = [
    'prior coef = normal(mean = 0, variance = 10)',
    'prior noise = inverse_gamma(shape = 2, rate = 1)',
    'prior hs = horseshoe()',
    'model m {',
    '    data train = sparse_experts(experts = 4, active = 2, n = 100, seed = 1)',
    '    experts y ~ gaussian(count = 4, coefficients = coef, variance = noise)',
    '    gate ~ stick_breaking(prior = hs)',
    '    fit particle_learning(particles = 100, resampling = systematic) on train',
    '}'
].join('\n');

/** `base` with one substring replaced; fails loudly if the substring is not there. */
function variant(from: string, to: string, text = base): string {
    expect(text).toContain(from);
    return text.replace(from, to);
}

test('the base model is clean, so each case below has only the problem it introduces', async () => {
    const result = await validate(base);
    expect(result.diagnostics.map(d => d.message)).toEqual([]);
});

describe('did you mean', () => {
    test('an unknown prior', async () => {
        const before = variant('variance = noise)', 'variance = noize)');
        const { action } = await fix(before, IssueCodes.UnknownName, base);
        expect(action?.title).toBe("Change to 'noise'");
    });

    test('an unknown callee, parameter and symbol', async () => {
        await fix(variant('gaussian(', 'gausian('), IssueCodes.UnknownCallee, base);
        await fix(variant('particles = 100', 'particels = 100'), IssueCodes.UnknownParameter, base);
        await fix(variant('resampling = systematic', 'resampling = sistematic'), IssueCodes.UnknownSymbol, base);
    });

    test("an unknown CSV column, from the file's header", async () => {
        const csvModel = (target: string) =>
            variant(
                'sparse_experts(experts = 4, active = 2, n = 100, seed = 1)',
                `csv(${JSON.stringify(mcycle)}, target = ${target}, inputs = [times])`
            );
        await testCodeAction(onDisk)(csvModel('acel'), IssueCodes.UnknownColumn, csvModel('accel'));
    });

    test("an unknown prior with no near name is declared, with the parameter's default", async () => {
        const before = variant('variance = noise)', 'variance = sigma2)');
        const after = variant('model m {', 'prior sigma2 = inverse_gamma(shape = 2, rate = 1)\n\nmodel m {', before);
        await fix(before, IssueCodes.UnknownName, after);
    });
});

describe('structure', () => {
    test('a missing required parameter is added with a placeholder of its type', async () => {
        const before = variant('n = 100, seed = 1', 'seed = 1');
        const { action } = await fix(
            before,
            IssueCodes.MissingParameter,
            variant('n = 100, seed = 1', 'seed = 1, n = 2')
        );
        expect(action?.title).toBe("Add 'n = 2'");
    });

    test('a parameter given twice loses its repetition', async () => {
        await fix(
            variant('particles = 100,', 'particles = 100, particles = 200,'),
            IssueCodes.DuplicateParameter,
            base
        );
    });

    test('a prior declared twice: the repetition is renamed', async () => {
        const before = variant('prior hs = horseshoe()', 'prior hs = horseshoe()\nprior hs = horseshoe()');
        await fix(
            before,
            IssueCodes.DuplicateName,
            variant('prior hs = horseshoe()', 'prior hs = horseshoe()\nprior hs_2 = horseshoe()')
        );
    });

    test('an unused prior is removed with its line', async () => {
        await fix(
            variant('prior hs = horseshoe()', 'prior hs = horseshoe()\nprior extra = normal() // spare'),
            IssueCodes.UnusedPrior,
            base
        );
    });

    test('an import of a missing file is removed', async () => {
        await fix(`import "missing.moe"\n${base}`, IssueCodes.MissingImport, base);
    });

    test('an unused CSV column is added to the inputs', async () => {
        const csvModel = (inputs: string) =>
            variant(
                'sparse_experts(experts = 4, active = 2, n = 100, seed = 1)',
                `csv(${JSON.stringify(mcycle)}, target = accel, inputs = [${inputs}])`
            );
        await testCodeAction(onDisk)(csvModel(''), IssueCodes.UnusedColumn, csvModel('times'));
    });
});

describe('values and combinations', () => {
    test("a value out of range takes the parameter's default", async () => {
        const before = variant('resampling = systematic', 'resampling = systematic, ess_threshold = 1.5');
        await fix(
            before,
            IssueCodes.OutOfRange,
            variant('resampling = systematic', 'resampling = systematic, ess_threshold = 1')
        );
    });

    test('a prior of the wrong kind: the named priors of the right kind first, then the default', async () => {
        const before = variant('variance = noise)', 'variance = coef)');
        const result = await validate(before);
        const diagnostic = result.diagnostics.find(
            d => (d.data as { code?: string })?.code === IssueCodes.TypeMismatch
        ) as Diagnostic;
        expect(diagnostic).toBeDefined();
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(result.document, {
            textDocument: { uri: result.document.textDocument.uri },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] }
        })) as CodeAction[];
        expect(actions.map(a => [a.title, a.isPreferred])).toEqual([
            ["Use prior 'noise'", true],
            ["Use the default of 'variance': inverse_gamma(shape = 2, rate = 1)", false]
        ]);
        expect(actions[0].edit?.changes?.[result.document.textDocument.uri]).toEqual([
            { range: diagnostic.range, newText: 'noise' }
        ]);
    });

    test('a stick-breaking gate under EM becomes a softmax gate over the experts', async () => {
        const before = variant('fit particle_learning(particles = 100, resampling = systematic)', 'fit em()');
        await fix(
            before,
            IssueCodes.TypeMismatch,
            variant('stick_breaking(prior = hs)', 'softmax(branches = 4)', before)
        );
    });

    test('a softmax gate under particle learning becomes a stick-breaking gate', async () => {
        const before = variant('stick_breaking(prior = hs)', 'softmax(branches = 4)');
        await fix(before, IssueCodes.Unrunnable, variant('stick_breaking(prior = hs)', 'stick_breaking()'));
    });
});

test("builds the fix from the server's own parse when the client counts columns in bytes", async () => {
    const { parseHelper } = await import('langium/test');
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    // Non-ASCII text before the error on its line: é is one UTF-16 unit but two UTF-8 bytes.
    const text = variant(
        'prior coef = normal(mean = 0, variance = 10)',
        '/* café, naïve */ prior coef = normal(mean = 0, varience = 10)'
    );
    const document = await parseHelper(services)(text, { validation: true });
    const own = document.diagnostics!.find(
        d => (d.data as { code?: string } | undefined)?.code === IssueCodes.UnknownParameter
    )!;
    expect(own).toBeDefined();
    const bytes = (character: number) =>
        Buffer.byteLength(text.split('\n')[own.range.start.line].slice(0, character), 'utf8');
    const copy: Diagnostic = {
        ...own,
        range: {
            start: { ...own.range.start, character: bytes(own.range.start.character) },
            end: { ...own.range.end, character: bytes(own.range.end.character) }
        }
    };
    expect(copy.range.start.character).toBe(own.range.start.character + 2);
    const actions = services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() },
        range: copy.range,
        context: { diagnostics: [copy] }
    }) as CodeAction[];
    const edits = actions[0]?.edit?.changes?.[document.uri.toString()] ?? [];
    expect(edits).toHaveLength(1);
    const fixed = TextDocument.applyEdits(TextDocument.create('x', 'moe', 1, text), edits);
    expect(fixed.split('\n')[0]).toBe('/* café, naïve */ prior coef = normal(mean = 0, variance = 10)');
});
