/**
 * Formatting: indentation and spacing are normalised, comments are kept where they were, and
 * formatting a formatted file changes nothing.
 */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { expectFormatting, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const formatting = expectFormatting(services);
const parse = parseHelper(services);
const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');

async function format(text: string): Promise<string> {
    const document: LangiumDocument = await parse(text);
    const edits = await services.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { insertSpaces: true, tabSize: 4 }
    });
    return TextDocument.applyEdits(document.textDocument, edits);
}

describe('formatter', () => {
    test('indents statements, spaces operators and arguments, keeps every comment', async () => {
        await formatting({
            before: [
                '// shared priors',
                'import   "priors.moe"',
                'prior coef=normal( mean=0 ,variance = 10 ) // trailing',
                '/* block',
                '   comment */',
                'model m{',
                'data train=sparse_experts(experts=10,active=3)',
                '      // on its own line',
                '  experts y~gaussian(count=3,coefficients=coef)',
                '        gate ~ stick_breaking(prior=hs)',
                'fit particle_learning(particles=100,resampling=systematic) on train',
                'predict train intervals=[0.5,0.9]',
                '}',
                'model other {',
                '}'
            ].join('\n'),
            after: [
                '// shared priors',
                'import "priors.moe"',
                'prior coef = normal(mean = 0, variance = 10) // trailing',
                '/* block',
                '   comment */',
                'model m {',
                '    data train = sparse_experts(experts = 10, active = 3)',
                '    // on its own line',
                '    experts y ~ gaussian(count = 3, coefficients = coef)',
                '    gate ~ stick_breaking(prior = hs)',
                '    fit particle_learning(particles = 100, resampling = systematic) on train',
                '    predict train intervals = [0.5, 0.9]',
                '}',
                '',
                'model other {',
                '}',
                ''
            ].join('\n')
        });
    });

    test('keeps a call split over lines split, with its arguments indented once', async () => {
        await formatting({
            before: [
                'model m {',
                'gate ~ hierarchy(',
                'outer = laplace(branches = 2),   // top level',
                '        inner = softmax(branches=-2)',
                '        )',
                '}'
            ].join('\n'),
            after: [
                'model m {',
                '    gate ~ hierarchy(',
                '        outer = laplace(branches = 2), // top level',
                '        inner = softmax(branches = -2)',
                '    )',
                '}',
                ''
            ].join('\n')
        });
    });

    test("keeps a comment after a brace on the brace's line", async () => {
        expect(await format('model m { // note\ndata d = sparse_experts(n = 10, seed = 1) }')).toBe(
            'model m { // note\n    data d = sparse_experts(n = 10, seed = 1)\n}\n'
        );
        expect(await format('model m {\n} // end\nprior p = normal()')).toBe(
            'model m {\n} // end\n\nprior p = normal()\n'
        );
    });

    test('a range formats only the lines it covers', async () => {
        await formatting({
            before: 'prior a=normal()\nprior b=normal()\nprior c=normal()\n',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } },
            after: 'prior a=normal()\nprior b = normal()\nprior c=normal()\n'
        });
    });

    test('collapses runs of blank lines to one', async () => {
        expect(await format('prior a = normal()\n\n\n\nprior b = normal()\n')).toBe(
            'prior a = normal()\n\nprior b = normal()\n'
        );
    });

    test('leaves a document with syntax errors untouched', async () => {
        const text = 'model m {\n  experts ~ gaussian(count = )\n';
        expect(await format(text)).toBe(text);
    });

    test('is idempotent on every example', async () => {
        const files = readdirSync(examples).filter(f => f.endsWith('.moe'));
        expect(files.length).toBeGreaterThan(5);
        for (const file of files) {
            const text = readFileSync(resolve(examples, file), 'utf8');
            const once = await format(text);
            expect(await format(once), file).toBe(once);
            const withoutSpace = (s: string): string => s.replace(/\s+/g, '');
            expect(withoutSpace(once), `${file}: only whitespace may change`).toBe(withoutSpace(text));
        }
    });
});
