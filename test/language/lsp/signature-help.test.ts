/** Signature help inside calls: the callee's parameters, the one being written highlighted. */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { SignatureHelp } from 'vscode-languageserver';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';
import { lookupCallable } from '../../../packages/language/src/catalogue/index.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const parse = parseHelper(services);

/** Signature help at the `|` in `text`. */
async function helpAt(text: string): Promise<SignatureHelp | undefined> {
    const offset = text.indexOf('|');
    const document = await parse(text.replace('|', ''));
    const position = document.textDocument.positionAt(offset);
    return services.lsp.SignatureHelp!.provideSignatureHelp(document, {
        textDocument: { uri: document.uri.toString() },
        position
    }) as SignatureHelp | undefined;
}

const parameterLabel = (help: SignatureHelp, i: number) => {
    const [from, to] = help.signatures[0].parameters![i].label as [number, number];
    return help.signatures[0].label.slice(from, to);
};

describe('signature help', () => {
    it('lists every parameter of the call, and highlights the next one not given', async () => {
        const help = (await helpAt('model m {\n    fit particle_learning(particles = 100, |\n}\n'))!;
        const spec = lookupCallable('particle_learning')!;
        expect(help.signatures[0].label.startsWith('particle_learning(')).toBe(true);
        expect(help.signatures[0].parameters).toHaveLength(spec.params.length);
        const active = help.activeParameter!;
        expect(parameterLabel(help, active).split(' ')[0]).toBe(spec.params.find(p => p.name !== 'particles')!.name);
        expect(
            parameterLabel(
                help,
                spec.params.findIndex(p => p.name === 'particles')
            )
        ).toMatch(/^particles = \d+$/);
    });

    it('highlights the parameter whose value is being written', async () => {
        const help = (await helpAt('model m {\n    fit particle_learning(seed = 1, resampling = |)\n}\n'))!;
        expect(parameterLabel(help, help.activeParameter!).startsWith('resampling')).toBe(true);
    });

    it('follows nested calls to the innermost one', async () => {
        const help = (await helpAt('prior hs = horseshoe(global = half_cauchy(|))\n'))!;
        expect(help.signatures[0].label.startsWith('half_cauchy(')).toBe(true);
    });

    it('gives nothing outside a call or in a comment', async () => {
        expect(await helpAt('model m {\n    |\n}\n')).toBeUndefined();
        expect(await helpAt('// gaussian(|\n')).toBeUndefined();
    });
});
