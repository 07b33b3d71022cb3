/**
 * Completion: keywords, callee names by slot, the parameters of the call being written, values
 * of a parameter, prior names in scope (imported files included), CSV columns from the header.
 */
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectCompletion, parseHelper } from 'langium/test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const complete = expectCompletion(services);
const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
/** A document next to the examples, so `data/mcycle.csv` resolves to the committed file. */
const exampleUri = (name: string): string => pathToFileURL(resolve(examples, name)).toString();

afterEach(async () => {
    await clearDocuments(services);
});

/** Labels offered at the `index`-th `<|>` of `text`, in the order the client would show them. */
async function labels(text: string, index = 0, documentUri?: string): Promise<string[]> {
    let result: string[] = [];
    await complete({
        text,
        index,
        disposeAfterCheck: true,
        parseOptions: documentUri ? { documentUri } : undefined,
        assert: (list: CompletionList) => {
            result = [...list.items]
                .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
                .map((i: CompletionItem) => i.label);
        }
    });
    return result;
}

async function items(text: string, documentUri?: string): Promise<CompletionItem[]> {
    let result: CompletionItem[] = [];
    await complete({
        text,
        index: 0,
        disposeAfterCheck: true,
        parseOptions: documentUri ? { documentUri } : undefined,
        assert: list => {
            result = list.items;
        }
    });
    return result;
}

describe('keywords', () => {
    test('statement keywords inside a model, with their documentation', async () => {
        const offered = await items('model m {\n    <|>\n}');
        expect(offered.map(i => i.label).sort()).toEqual(['data', 'experts', 'fit', 'gate', 'predict', 'split']);
        const fit = offered.find(i => i.label === 'fit')!;
        expect(JSON.stringify(fit.documentation)).toContain('particle_learning or em');
    });

    test('declarations at the top of a file, also before a leading blank line or a model', async () => {
        expect((await labels('<|>')).sort()).toEqual(['import', 'model', 'prior']);
        expect((await labels('<|>\n')).sort()).toEqual(['import', 'model', 'prior']);
        expect((await labels('\n\n<|>\nmodel m {\n}')).sort()).toEqual(['import', 'model', 'prior']);
    });

    test('statement keywords in a model that follows other declarations (parsed from the model on)', async () => {
        const text =
            'prior a = normal()\nprior b = normal()\nmodel m {\n    data d = sparse_experts(n = 10, seed = 1)\n    <|>\n}';
        expect((await labels(text)).sort()).toEqual(['data', 'experts', 'fit', 'gate', 'predict', 'split']);
    });
});

describe('callee names', () => {
    test('distributions after `prior name =`', async () => {
        expect((await labels('prior p = <|>')).sort()).toEqual(['half_cauchy', 'horseshoe', 'inverse_gamma', 'normal']);
    });

    test('expert families after `experts ~`, gates after `gate ~`, methods after `fit`', async () => {
        expect((await labels('model m {\n    experts y ~ <|>\n}')).sort()).toEqual(['bernoulli', 'gaussian']);
        expect((await labels('model m {\n    gate ~ <|>\n}')).sort()).toEqual([
            'hierarchy',
            'laplace',
            'softmax',
            'stick_breaking'
        ]);
        expect((await labels('model m {\n    fit <|>\n}')).sort()).toEqual(['em', 'particle_learning']);
    });

    test('data sources after `data name =`, completing the word being typed', async () => {
        const offered = await items('model m {\n    data d = spa<|>\n}');
        expect(offered.map(i => i.label).sort()).toEqual(['csv', 'hierarchical', 'shift', 'sparse_experts']);
        const sparse = offered.find(i => i.label === 'sparse_experts')!;
        // The item replaces the typed prefix `spa` and opens the call with its required parameters.
        expect(sparse.textEdit).toMatchObject({
            range: { start: { line: 1, character: 13 }, end: { line: 1, character: 16 } },
            newText: 'sparse_experts(n = ${1}, seed = ${2})'
        });
    });

    test('gate levels inside a hierarchy', async () => {
        expect((await labels('model m {\n    gate ~ hierarchy(outer = <|>\n}')).sort()).toEqual(['laplace', 'softmax']);
    });
});

describe('parameters of the call being written', () => {
    test('all parameters, required first, after the opening bracket', async () => {
        expect(await labels('model m {\n    fit particle_learning(<|>)\n}')).toEqual([
            'particles',
            'resampling',
            'ess_threshold',
            'refresh_visited',
            'sweep_every',
            'chains',
            'rejuvenate_every',
            'rejuvenate_schedule',
            'forgetting',
            'seed'
        ]);
        expect(await labels('model m {\n    experts ~ gaussian(<|>\n}')).toEqual(['count', 'coefficients', 'variance']);
    });

    test('only those not given yet, across lines of a call split over lines', async () => {
        const text =
            'model m {\n    fit particle_learning(\n        particles = 10,\n        seed = 3,\n        <|>\n    )\n}';
        expect(await labels(text)).toEqual([
            'resampling',
            'ess_threshold',
            'refresh_visited',
            'sweep_every',
            'chains',
            'rejuvenate_every',
            'rejuvenate_schedule',
            'forgetting'
        ]);
    });

    test('in a nested call', async () => {
        expect(await labels('prior hs = horseshoe(global = half_cauchy(<|>')).toEqual(['scale']);
    });
});

describe('values', () => {
    test('resampling schemes, the default first', async () => {
        expect(await labels('model m {\n    fit particle_learning(resampling = <|>)\n}')).toEqual([
            'systematic',
            'multinomial',
            'stratified',
            'residual'
        ]);
    });

    test('booleans and defaults', async () => {
        expect(await labels('prior hs = horseshoe(shrink_intercept = <|>)')).toEqual(['true', 'false']);
        expect(await labels('model m {\n    fit em(tolerance = <|>)\n}')).toEqual(['1e-8']);
    });

    test('priors of the kind the parameter needs, then inline distributions', async () => {
        const text = [
            'prior coef = normal(mean = 0, variance = 10)',
            'prior noise = inverse_gamma(shape = 2, rate = 1)',
            'prior hs = horseshoe()',
            'model m {',
            '    experts ~ gaussian(count = 2, variance = <|>)',
            '}'
        ].join('\n');
        expect(await labels(text)).toEqual(['noise', 'inverse_gamma']);
    });

    test('priors from an imported file', async () => {
        const parse = parseHelper(services);
        await parse('prior shared_noise = inverse_gamma(shape = 3, rate = 2)\nprior shared_hs = horseshoe()', {
            documentUri: exampleUri('completion-priors.moe')
        });
        const text = 'import "completion-priors.moe"\nmodel m {\n    gate ~ stick_breaking(prior = <|>)\n}';
        const offered = await items(text, exampleUri('completion-model.moe'));
        expect(offered.map(i => i.label)).toContain('shared_hs');
        expect(offered.map(i => i.label)).not.toContain('shared_noise');
        expect(offered.find(i => i.label === 'shared_hs')!.detail).toBe('prior horseshoe (from completion-priors.moe)');
    });
});

describe('CSV columns', () => {
    const uri = exampleUri('completion-csv.moe');

    test("the header's columns for the target", async () => {
        expect(await labels('model m {\n    data d = csv("data/mcycle.csv", target = <|>)\n}', 0, uri)).toEqual([
            'times',
            'accel'
        ]);
    });

    test('every column but the target for the inputs, and the remaining ones inside the list', async () => {
        expect(
            await labels('model m {\n    data d = csv("data/mcycle.csv", target = accel, inputs = <|>)\n}', 0, uri)
        ).toEqual(['[times]']);
        expect(
            await labels('model m {\n    data d = csv("data/mcycle.csv", target = times, inputs = [<|>])\n}', 0, uri)
        ).toEqual(['accel']);
    });

    test('the CSV files next to the model for the path of `csv(`', async () => {
        const offered = await labels('model m {\n    data d = csv(<|>\n}', 0, uri);
        expect(offered).toContain('"data/mcycle.csv"');
        expect(offered.slice(0, 3)).toEqual(['path', 'target', 'inputs']);
    });

    test('nothing when the file does not exist', async () => {
        expect(await labels('model m {\n    data d = csv("data/none.csv", target = <|>)\n}', 0, uri)).toEqual([]);
    });
});

describe('streams', () => {
    test("the model's streams after `on` and `predict`", async () => {
        const text = [
            'model m {',
            '    data all = sparse_experts(n = 100, seed = 1)',
            '    split all into train = 0.8, test = 0.2',
            '    fit em() on <|>',
            '    predict <|>',
            '}'
        ].join('\n');
        expect((await labels(text, 0)).sort()).toEqual(['test', 'train']);
        expect((await labels(text, 1)).sort()).toEqual(['test', 'train']);
    });
});

describe('no completion', () => {
    test('inside comments and strings', async () => {
        expect(await labels('model m {\n    // fit <|>\n}')).toEqual([]);
        expect(await labels('model m {\n    data d = csv("data/<|>\n}')).toEqual([]);
        expect(await labels('/* prior p = <|> */')).toEqual([]);
    });
});

describe('named priors after `prior p = `', () => {
    test('offers the other named priors, then the distributions', async () => {
        const moe = createMoeServices(EmptyFileSystem).Moe;
        const text =
            'prior coef = normal(mean = 0, variance = 10)\nprior noise = inverse_gamma(shape = 2, rate = 1)\nprior p = \n';
        const document = await parseHelper(moe)(text);
        const list = await moe.lsp.CompletionProvider!.getCompletion(document, {
            textDocument: { uri: document.uri.toString() },
            position: { line: 2, character: 10 }
        });
        const labels = (list?.items ?? []).map(i => i.label);
        expect(labels).toEqual(expect.arrayContaining(['coef', 'noise', 'normal', 'horseshoe']));
        expect(labels).not.toContain('p');
    });
});
