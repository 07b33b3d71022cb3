/**
 * Go to definition, find references and rename, within a file and across an import: a prior
 * declared in a shared file and used by two models.
 */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { clearDocuments, expectFindReferences, expectGoToDefinition, parseHelper } from 'langium/test';
import type { Location, LocationLink, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const parse = parseHelper(services);

afterEach(async () => {
    await clearDocuments(services);
});

const local = [
    'prior <|coef|> = normal(mean = 0, variance = 10)',
    'model m {',
    '    data <|all|> = sparse_experts(n = 100, seed = 1)',
    '    split <|all|> into <|train|> = 0.8, test = 0.2',
    '    experts ~ gaussian(count = 2, coefficients = <|coef|>)',
    '    fit em() on <|train|>',
    '}'
].join('\n');

describe('within a file', () => {
    test('go to definition of a prior, a data stream and a split part', async () => {
        // `<|>` is the cursor, `<|...|>` the ranges, counted in order; rangeIndex names the declaration's.
        await expectGoToDefinition(services)({
            text: local.replace('<|coef|>)', '<|co<|>ef|>)'),
            index: 0,
            rangeIndex: 0,
            disposeAfterCheck: true
        });
        await expectGoToDefinition(services)({
            text: local.replace('split <|all|>', 'split <|a<|>ll|>'),
            index: 0,
            rangeIndex: 1,
            disposeAfterCheck: true
        });
        await expectGoToDefinition(services)({
            text: local.replace('on <|train|>', 'on <|tr<|>ain|>'),
            index: 0,
            rangeIndex: 3,
            disposeAfterCheck: true
        });
    });

    test('find references of a prior, with its declaration', async () => {
        await expectFindReferences(services)({
            text: 'prior <|c<|>oef|> = normal()\nmodel m {\n    experts ~ gaussian(count = 2, coefficients = <|coef|>)\n    gate ~ softmax(branches = 2)\n}',
            includeDeclaration: true,
            disposeAfterCheck: true
        });
    });
});

/** The shared file and two models importing it. */
async function workspace(): Promise<{ priors: LangiumDocument; first: LangiumDocument; second: LangiumDocument }> {
    const priors = await parse(
        '// shared\nprior coef = normal(mean = 0, variance = 10)\nprior noise = inverse_gamma()\n',
        { documentUri: 'file:///ws/priors.moe' }
    );
    const model = (name: string) =>
        [
            'import "priors.moe"',
            `model ${name} {`,
            '    data train = sparse_experts(n = 100, seed = 1)',
            '    experts ~ gaussian(count = 2, coefficients = coef, variance = noise)',
            '    gate ~ softmax(branches = 2)',
            '    fit em()',
            '}'
        ].join('\n');
    const first = await parse(model('first'), { documentUri: 'file:///ws/first.moe' });
    const second = await parse(model('second'), { documentUri: 'file:///ws/second.moe' });
    return { priors, first, second };
}

const at = (document: LangiumDocument, text: string, within = 0) => {
    const offset = document.textDocument.getText().indexOf(text) + within;
    expect(offset).toBeGreaterThanOrEqual(within);
    return document.textDocument.positionAt(offset);
};

describe('across an import', () => {
    test('go to definition lands on the prior in the imported file', async () => {
        const { priors, first } = await workspace();
        const links = (await services.lsp.DefinitionProvider!.getDefinition(first, {
            textDocument: { uri: first.textDocument.uri },
            position: at(first, 'coefficients = coef', 'coefficients = '.length + 1)
        })) as LocationLink[];
        expect(links).toHaveLength(1);
        expect(links[0].targetUri).toBe('file:///ws/priors.moe');
        expect(links[0].targetSelectionRange).toEqual({
            start: at(priors, 'coef ='),
            end: { ...at(priors, 'coef ='), character: 10 }
        });
    });

    test('find references of a shared prior lists its uses in both models', async () => {
        const { priors } = await workspace();
        const locations = (await services.lsp.ReferencesProvider!.findReferences(priors, {
            textDocument: { uri: priors.textDocument.uri },
            position: at(priors, 'noise'),
            context: { includeDeclaration: false }
        })) as Location[];
        expect(locations.map(l => l.uri).sort()).toEqual(['file:///ws/first.moe', 'file:///ws/second.moe']);
    });

    test('rename from a use in one model renames the declaration and the uses in every importing model', async () => {
        const { priors, first, second } = await workspace();
        const edit = await services.lsp.RenameProvider!.rename(first, {
            textDocument: { uri: first.textDocument.uri },
            position: at(first, 'variance = noise', 'variance = '.length),
            newName: 'sigma2'
        });
        const apply = (document: LangiumDocument): string =>
            TextDocument.applyEdits(
                document.textDocument,
                (edit?.changes?.[document.textDocument.uri] ?? []) as TextEdit[]
            );
        expect(apply(priors)).toBe(
            '// shared\nprior coef = normal(mean = 0, variance = 10)\nprior sigma2 = inverse_gamma()\n'
        );
        expect(apply(first)).toContain('variance = sigma2)');
        expect(apply(second)).toContain('variance = sigma2)');
        expect(Object.keys(edit?.changes ?? {}).sort()).toEqual([
            'file:///ws/first.moe',
            'file:///ws/priors.moe',
            'file:///ws/second.moe'
        ]);
    });

    test('rename refuses a keyword or a malformed name, and parameter names', async () => {
        const { priors, first } = await workspace();
        const params = (newName: string) => ({
            textDocument: { uri: priors.textDocument.uri },
            position: at(priors, 'coef'),
            newName
        });
        await expect(services.lsp.RenameProvider!.rename(priors, params('model'))).rejects.toThrow(/not a valid name/);
        await expect(services.lsp.RenameProvider!.rename(priors, params('2x'))).rejects.toThrow(/not a valid name/);
        const onParameter = {
            textDocument: { uri: first.textDocument.uri },
            position: at(first, 'coefficients'),
            newName: 'c'
        };
        expect(await services.lsp.RenameProvider!.rename(first, onParameter)).toBeUndefined();
        expect(await services.lsp.RenameProvider!.prepareRename(first, onParameter)).toBeUndefined();
    });
});
