/**
 * Hover: catalogue documentation for keywords, callees and parameters (meaning, default, range);
 * the resolved declaration for prior and stream names, also across an import.
 */
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectHover, parseHelper } from 'langium/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const hover = expectHover(services);

afterEach(async () => {
    await clearDocuments(services);
});

const model = [
    '// Shared coefficient prior.',
    'prior c<|>oef = nor<|>mal(mean = 0, vari<|>ance = 10)',
    'model m {',
    '    <|>data all = sparse_experts(exp<|>erts = 10, n = 100, seed = 1)',
    '    split all into train = 0.8, test = 0.2',
    '    experts ~ gaussian(count = 2, coefficients = co<|>ef)',
    '    gate ~ stick_breaking()',
    '    fit particle_learning(resampling = sys<|>tematic, ess_<|>threshold = 0.5) on tr<|>ain',
    '}'
].join('\n');

describe('catalogue documentation', () => {
    test('a distribution', async () => {
        await hover({
            text: model,
            index: 1,
            hover: /^`normal\(mean\?, variance\?\)`: a distribution[\s\S]*Normal prior on regression/
        });
    });

    test('a parameter: meaning, what it takes, default', async () => {
        await hover({
            text: model,
            index: 2,
            hover: /parameter of `normal`[\s\S]*\*\*variance\*\*: Prior variance[\s\S]*takes: number, > 0[\s\S]*default: `1`/
        });
        await hover({
            text: model,
            index: 7,
            hover: /\*\*ess_threshold\*\*[\s\S]*takes: number, \(0, 1\][\s\S]*default: `1`/
        });
    });

    test('a parameter whose name is also a keyword', async () => {
        await hover({
            text: model,
            index: 4,
            hover: /parameter of `sparse_experts`[\s\S]*\*\*experts\*\*: Number of experts K[\s\S]*integer >= 2/
        });
    });

    test('a keyword', async () => {
        await hover({ text: model, index: 3, hover: /^`data name = source\(\.\.\.\)`: a data stream/ });
    });

    test('a symbol value', async () => {
        await hover({
            text: model,
            index: 6,
            hover: /^`systematic`: a value of `resampling`[\s\S]*one of multinomial, systematic, stratified, residual/
        });
    });
});

describe('declarations', () => {
    test('a prior where it is declared and where it is used: comment, declaration, kind', async () => {
        const expected =
            /^prior `coef`: a coefficient prior \(normal\)\n\nShared coefficient prior\.\n\n```moe\nprior coef = normal\(mean = 0, variance = 10\)\n```/;
        await hover({ text: model, index: 0, hover: expected });
        await hover({ text: model, index: 5, hover: expected });
    });

    test('a stream used by `fit ... on`', async () => {
        await hover({
            text: model,
            index: 8,
            hover: /^stream `train`: part of the split of `all`[\s\S]*split all into train = 0\.8, test = 0\.2/
        });
    });

    test('a prior imported from another file', async () => {
        await parseHelper(services)('/* Noise variance. */\nprior noise = inverse_gamma(shape = 2, rate = 1)', {
            documentUri: 'file:///ws/shared.moe'
        });
        await hover({
            text: 'import "shared.moe"\nmodel m {\n    experts ~ gaussian(count = 2, variance = noi<|>se)\n}',
            index: 0,
            parseOptions: { documentUri: 'file:///ws/model.moe' },
            hover: /^prior `noise` \(from `shared\.moe`\): a variance prior \(inverse_gamma\)\n\nNoise variance\.\n\n```moe\nprior noise = inverse_gamma/
        });
    });

    test('a CSV path: the file and the columns of its header', async () => {
        const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
        await hover({
            text: 'model m {\n    data d = csv("data/mc<|>ycle.csv", target = accel, inputs = [times])\n}',
            index: 0,
            parseOptions: { documentUri: pathToFileURL(resolve(examples, 'hover-csv.moe')).toString() },
            hover: /^CSV file `.*examples\/data\/mcycle\.csv`\n\ncolumns: `times`, `accel`$/
        });
    });

    test('nothing on a comment or on white space', async () => {
        await hover({ text: '// a com<|>ment\nprior p = normal()<|>  ', index: 0, hover: undefined });
        await hover({ text: '// a comment\nprior p = normal()  <|> ', index: 0, hover: undefined });
    });
});
