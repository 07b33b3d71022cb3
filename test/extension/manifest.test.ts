/** The extension manifest agrees with the code and the files it names. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = fileURLToPath(new URL('../../packages/extension/', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const mainSource = readFileSync(path.join(root, 'src/extension/main.ts'), 'utf8');

describe('extension manifest', () => {
    it('contributes every command the extension registers, and registers every one it contributes', () => {
        const registered = [...mainSource.matchAll(/registerCommand\('([^']+)'/g)].map(m => m[1]).sort();
        const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
        expect(registered).toEqual(contributed);
    });

    it('uses only contributed commands in menus and keybindings', () => {
        const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
        const used = [
            ...Object.values(contributes.menus as Record<string, Array<{ command: string }>>)
                .flat()
                .map(m => m.command),
            ...contributes.keybindings.map((k: { command: string }) => k.command)
        ];
        for (const command of used) expect(commands.has(command), command).toBe(true);
        expect(contributes.menus['editor/title/run'].some((m: { command: string }) => m.command === 'moe.run')).toBe(
            true
        );
    });

    it('documents every setting, under moe.*', () => {
        const properties = Object.entries(
            contributes.configuration.properties as Record<
                string,
                { markdownDescription?: string; description?: string; default?: unknown }
            >
        );
        expect(properties.map(([k]) => k)).toEqual(
            expect.arrayContaining([
                'moe.run.particles',
                'moe.run.seed',
                'moe.validation.pedanticWarnings',
                'moe.results.folder'
            ])
        );
        for (const [key, p] of properties) {
            expect(key.startsWith('moe.'), key).toBe(true);
            expect((p.markdownDescription ?? p.description ?? '').length, `${key} is documented`).toBeGreaterThan(40);
            expect('default' in p, `${key} has a default`).toBe(true);
        }
    });

    it('names files that exist (the grammar is written by the build)', () => {
        const language = contributes.languages[0];
        for (const file of [
            language.configuration,
            language.icon.light,
            language.icon.dark,
            ...contributes.snippets.map((s: { path: string }) => s.path)
        ]) {
            expect(existsSync(path.join(root, file)), file).toBe(true);
        }
        expect(contributes.grammars[0].path).toBe('./syntaxes/moe.tmLanguage.json');
        expect(manifest.main).toBe('./out/extension/main.cjs');
    });

    it('runs in restricted mode with limited support, and activates for panels it must revive', () => {
        expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
        expect(manifest.capabilities.untrustedWorkspaces.description).toMatch(/trusted workspace/);
        expect(manifest.activationEvents).toEqual(
            expect.arrayContaining(['onLanguage:moe', 'onWebviewPanel:moe.results', 'onWebviewPanel:moe.comparison'])
        );
    });

    it('packages bundles only', () => {
        for (const pattern of manifest.files as string[]) expect(pattern).not.toMatch(/src|test|\.ts$|\.map$/);
    });
});

describe('snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(root, 'snippets/moe.json'), 'utf8')) as Record<
        string,
        { prefix: string[]; body: string[] }
    >;

    it('offer a new HS-MoE model and a new HMoE model', () => {
        const bodies = Object.values(snippets).map(s => s.body.join('\n'));
        expect(bodies.some(b => /stick_breaking\(prior = hs\)/.test(b) && /particle_learning\(/.test(b))).toBe(true);
        expect(bodies.some(b => /hierarchy\(outer = /.test(b) && /\bem\(/.test(b))).toBe(true);
    });
});

describe('snippet bodies, with their default placeholders, are valid models', () => {
    const snippets = JSON.parse(readFileSync(path.join(root, 'snippets/moe.json'), 'utf8')) as Record<
        string,
        { body: string[] }
    >;

    /** Expands a snippet as the editor would when the user accepts every default. */
    function expand(body: string[]): string {
        let text = body.join('\n');
        // Innermost placeholders first, so nested defaults expand too.
        for (let i = 0; i < 10 && /\$\{\d+[:|]/.test(text); i++) {
            text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
        }
        return text.replace(/\$\d+/g, '').replace(/\t/g, '    ');
    }

    it.each(Object.keys(snippets))('%s', async name => {
        const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import('node:fs');
        const { tmpdir } = await import('node:os');
        const { checkModelFiles } = await import('@moe-studio/language');
        const dir = mkdtempSync(path.join(tmpdir(), 'moe-snippet-'));
        onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
        mkdirSync(path.join(dir, 'data'));
        writeFileSync(
            path.join(dir, 'data/train.csv'),
            'y,x1,x2\n' + Array.from({ length: 20 }, (_, i) => `${i % 7},${i / 10},${(i * 3) % 5}`).join('\n') + '\n'
        );
        const file = path.join(dir, 'snippet.moe');
        const text = expand(snippets[name].body);
        expect(text).not.toMatch(/\$\{|\$\d/);
        writeFileSync(file, text);
        const errors = (await checkModelFiles([file])).filter(p => p.severity === 'error');
        expect(errors.map(e => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
    });
});

describe('packaging', () => {
    it('ships an icon, a changelog and the notices of every package the bundles hold', () => {
        expect(manifest.icon).toBe('icons/moe.png');
        const png = readFileSync(path.join(root, manifest.icon));
        expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        // 128 x 128, as the Marketplace asks (the IHDR chunk holds width and height).
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
        expect(existsSync(path.join(root, 'CHANGELOG.md'))).toBe(true);
        for (const file of ['CHANGELOG.md', 'THIRD_PARTY_NOTICES.txt', 'LICENSE'])
            expect(manifest.files, file).toContain(file);
    });

    it.skipIf(!existsSync(path.join(root, 'THIRD_PARTY_NOTICES.txt')))(
        'lists, with license text, the packages the built bundles hold',
        () => {
            const notices = readFileSync(path.join(root, 'THIRD_PARTY_NOTICES.txt'), 'utf8');
            for (const name of [
                'langium',
                'vscode-languageclient',
                'vscode-languageserver',
                '@observablehq/plot',
                'd3-scale',
                'chevrotain',
                'piscina'
            ]) {
                expect(notices, name).toMatch(new RegExp(`^- ${name.replace(/[/.]/g, '\\$&')} \\d`, 'm'));
            }
            expect(notices).toContain('Permission is hereby granted');
            // Project code is not third-party.
            expect(notices).not.toMatch(/^- @moe-studio\//m);
        }
    );

    it.skipIf(!existsSync(path.join(root, 'out/extension/main.cjs')))(
        'ships minified bundles in which run errors keep their names',
        () => {
            const bundle = readFileSync(path.join(root, 'out/worker/run-worker.cjs'), 'utf8');
            const lines = bundle.split('\n').length;
            expect(bundle.length / lines).toBeGreaterThan(1000);
            expect(bundle).toContain('"DataError"');
        }
    );
});

describe('walkthrough', () => {
    it('names media that exist and commands the extension contributes', () => {
        const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
        for (const step of contributes.walkthroughs[0].steps as Array<{
            description: string;
            media: { markdown: string };
        }>) {
            expect(existsSync(path.join(root, step.media.markdown)), step.media.markdown).toBe(true);
            expect(manifest.files).toContain('media/walkthrough/*.md');
            for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g))
                expect(commands.has(command), command).toBe(true);
        }
    });
});
