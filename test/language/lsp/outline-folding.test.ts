/**
 * Document outline (symbols) and folding ranges.
 */
import { EmptyFileSystem } from 'langium';
import { expectFoldings, expectSymbols } from 'langium/test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;

const model = [
    'import "priors.moe"',
    'prior coef = normal(mean = 0, variance = 10)',
    'model motorcycle {',
    '    data all = csv("data/mcycle.csv", target = accel, inputs = [times])',
    '    split all into train = 0.8, test = 0.2',
    '    experts accel ~ gaussian(count = 3, coefficients = coef)',
    '    gate ~ softmax(branches = 3)',
    '    fit em(iterations = 200) on train',
    '    predict test',
    '}'
].join('\n');

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap(s => [
        `${'  '.repeat(depth)}${s.name}${s.detail ? ` : ${s.detail}` : ''}`,
        ...outline(s.children ?? [], depth + 1)
    ]);
}

describe('document outline', () => {
    test("lists imports, priors, models and each model's statements", async () => {
        await expectSymbols(services)({
            text: model,
            disposeAfterCheck: true,
            assert: symbols => {
                expect(outline(symbols)).toEqual([
                    'import "priors.moe"',
                    'coef : normal(mean = 0, variance = 10)',
                    'motorcycle : model',
                    '  all : csv',
                    '  split all',
                    '    train : 0.8',
                    '    test : 0.2',
                    '  experts accel : gaussian',
                    '  gate : softmax',
                    '  fit on train : em',
                    '  predict test'
                ]);
                const motorcycle = symbols[2];
                expect(motorcycle.kind).toBe(SymbolKind.Class);
                // The outline selects the model's name, on line 3 after `model `.
                expect(motorcycle.selectionRange).toEqual({
                    start: { line: 2, character: 6 },
                    end: { line: 2, character: 16 }
                });
                expect(motorcycle.range.end.line).toBe(9);
            }
        });
    });

    test('skips a declaration whose name the parser could not read', async () => {
        await expectSymbols(services)({
            text: 'model {\n}\nprior p = normal()',
            disposeAfterCheck: true,
            assert: symbols => expect(symbols.map(s => s.name)).toEqual(['p'])
        });
    });
});

describe('folding', () => {
    test('folds model blocks, multi-line calls and comments, and nothing else', async () => {
        // <|...|> marks each expected folding range (start line of `<|`, last folded line at `|>`);
        // a block keeps its closing line visible, a run of line comments folds whole.
        await expectFoldings(services)({
            text: [
                '<|/* Shared settings,',
                '   over|>',
                '   three lines. */',
                '/* two lines',
                '   do not fold */',
                '<|// a run',
                '// of line',
                '// comments|>',
                'prior a = normal(mean = 0, variance = 1)',
                '<|model m {',
                '    data d = sparse_experts(count = 3, active = 2)',
                '    <|gate ~ hierarchy(',
                '        outer = softmax(branches = 2),',
                '        inner = softmax(branches = 2)|>',
                '    )',
                '    fit em()|>',
                '}'
            ].join('\n'),
            disposeAfterCheck: true
        });
    });
});
