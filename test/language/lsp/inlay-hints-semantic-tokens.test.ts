/**
 * Inlay hints of the defaults the compiler fills in, and semantic tokens that tell priors,
 * streams, columns, expert families and distributions apart, through the LSP services.
 */
import { EmptyFileSystem } from 'langium';
import { SemanticTokensDecoder } from 'langium/lsp';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { InlayHint, InlayHintLabelPart, SemanticTokens } from 'vscode-languageserver';
import { formatDefault, lookupCallable } from '../../../packages/language/src/catalogue/index.js';
import { MOE_TOKEN_TYPES } from '../../../packages/language/src/lsp/moe-semantic-token-provider.js';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const parse = parseHelper(services);

async function hints(text: string): Promise<InlayHint[]> {
    const document = await parse(text);
    const range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
    return (
        (await services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() },
            range
        })) ?? []
    );
}
const labelText = (hint: InlayHint) =>
    typeof hint.label === 'string' ? hint.label : hint.label.map((p: InlayHintLabelPart) => p.value).join('');

describe('inlay hints', () => {
    it('show, before the closing parenthesis, every default the call leaves to the catalogue, in its order', async () => {
        const text = 'model m {\n    fit particle_learning(particles = 500, chains = 2)\n}\n';
        const [hint, ...rest] = await hints(text);
        expect(rest).toEqual([]);
        expect(hint.position).toEqual({ line: 1, character: text.split('\n')[1].indexOf(')') });
        const expected = lookupCallable('particle_learning')!
            .params.filter(p => p.name !== 'particles' && p.name !== 'chains')
            .map(p => `${p.name}: ${formatDefault(p.default!)}`)
            .join(', ');
        expect(labelText(hint)).toBe(`, ${expected}`);
        expect(labelText(hint)).toContain('resampling: systematic');
    });

    it('show nested default calls as source text, and nothing for a call that gives every parameter', async () => {
        const all = await hints('prior c = normal(mean = 0, variance = 1)\nprior g = horseshoe()\n');
        expect(all).toHaveLength(1);
        const horseshoe = lookupCallable('horseshoe')!.params;
        expect(labelText(all[0])).toBe(horseshoe.map(p => `${p.name}: ${formatDefault(p.default!)}`).join(', '));
        expect(labelText(all[0])).toMatch(/^global: half_cauchy\(scale = 1\), /);
    });

    it("show a default that is another parameter's value as that value in this call, given or defaulted", async () => {
        const model = (csvArgs: string) =>
            `model m {\n    data d = csv("x.csv", target = y, inputs = [a]${csvArgs})\n    experts ~ gaussian(count = 2)\n}\n`;
        const [given] = await hints(model(', standardize = true'));
        expect(labelText(given)).toContain('standardize_target: true');
        const [defaulted] = await hints(model(''));
        expect(labelText(defaulted)).toContain('standardize: false');
        expect(labelText(defaulted)).toContain('standardize_target: false');
        const [stated] = await hints(model(', standardize = true, standardize_target = false'));
        expect(labelText(stated)).not.toContain('standardize_target:');
    });

    it('leave out required parameters and positional arguments already given', async () => {
        const [hint] = await hints(
            'model m {\n    data d = csv("x.csv", target = y, inputs = [a])\n    experts ~ gaussian(count = 2)\n}\n'
        );
        const csv = lookupCallable('csv')!;
        for (const p of csv.params.filter(p => p.required || p.positional))
            expect(labelText(hint)).not.toMatch(new RegExp(`(^|, )${p.name}:`));
    });
});

async function tokens(text: string): Promise<Map<string, string>> {
    const document = await parse(text);
    const provider = services.lsp.SemanticTokenProvider!;
    const result = (await provider.semanticHighlight(document, {
        textDocument: { uri: document.uri.toString() }
    })) as SemanticTokens;
    const legend = provider.semanticTokensOptions.legend;
    const byText = new Map<string, string>();
    const types = Object.fromEntries(legend.tokenTypes.map((t, i) => [t, i]));
    for (const token of SemanticTokensDecoder.decode(result, types, document)) {
        // Each name of the test model has one kind wherever it stands: a second, different kind is a bug.
        const before = byText.get(token.text);
        if (before !== undefined && before !== token.tokenType)
            throw new Error(`'${token.text}' is both ${before} and ${token.tokenType}`);
        byText.set(token.text, token.tokenType);
    }
    return byText;
}

describe('semantic tokens', () => {
    it('tell priors, streams, columns, expert families, distributions, parameters and symbols apart', async () => {
        const seen = await tokens(
            [
                'prior coef = normal(mean = 0, variance = 10)',
                'model m {',
                '    data raw = csv("mcycle.csv", target = accel, inputs = [times])',
                '    split raw into train = 0.8, test = 0.2',
                '    experts accel ~ gaussian(count = 2, coefficients = coef)',
                '    gate ~ stick_breaking()',
                '    fit particle_learning(resampling = stratified) on train',
                '    predict test',
                '}',
                ''
            ].join('\n')
        );
        expect(Object.fromEntries(seen)).toMatchObject({
            coef: MOE_TOKEN_TYPES.prior,
            normal: MOE_TOKEN_TYPES.distribution,
            mean: MOE_TOKEN_TYPES.parameter,
            raw: MOE_TOKEN_TYPES.stream,
            train: MOE_TOKEN_TYPES.stream,
            test: MOE_TOKEN_TYPES.stream,
            accel: MOE_TOKEN_TYPES.column,
            times: MOE_TOKEN_TYPES.column,
            gaussian: MOE_TOKEN_TYPES.expertFamily,
            csv: MOE_TOKEN_TYPES.callable,
            stick_breaking: MOE_TOKEN_TYPES.callable,
            stratified: MOE_TOKEN_TYPES.symbol
        });
        expect(new Set(Object.values(MOE_TOKEN_TYPES)).size).toBe(Object.keys(MOE_TOKEN_TYPES).length);
    });

    it('declares a legend with exactly the token types it uses', () => {
        const legend = services.lsp.SemanticTokenProvider!.semanticTokensOptions.legend;
        expect([...legend.tokenTypes].sort()).toEqual([...new Set(Object.values(MOE_TOKEN_TYPES))].sort());
    });
});
