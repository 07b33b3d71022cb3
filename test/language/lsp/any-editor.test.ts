/**
 * The language server as an editor other than VS Code sees it, through `moe-language-server
 * --stdio` (the CLI's bin): settings read on the server, the client's capabilities respected,
 * the protocol followed where the request is odd, and no diagnostics re-sent unchanged.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionList, InlayHint, SemanticTokens, TextEdit } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './stdio-client.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = resolve(root, 'packages/cli/bin/moe-language-server.cjs');
const built = existsSync(resolve(root, 'packages/cli/dist/moe.cjs'));
const fixtures = resolve(root, 'test/language/fixtures');
const warningFile = resolve(fixtures, 'bad/warning-unused-prior.moe');
const warningUri = pathToFileURL(warningFile).toString();

describe.skipIf(!built)('moe-language-server --stdio with a plain client', () => {
    let client: TestClient;

    beforeAll(async () => {
        const rootUri = pathToFileURL(fixtures).toString();
        client = await startClient(
            [bin, '--stdio'],
            root,
            {
                rootUri,
                workspaceFolders: [{ uri: rootUri, name: 'fixtures' }],
                // No snippets, no dynamic registration: what a minimal client says.
                capabilities: {
                    workspace: { configuration: true },
                    textDocument: { completion: { completionItem: { snippetSupport: false } }, publishDiagnostics: {} }
                },
                initializationOptions: { pedanticWarnings: false }
            },
            { validation: { pedanticWarnings: false } }
        );
    });

    afterAll(async () => {
        await client?.stop();
    });

    it('hides warnings when the initialization options and settings say so, and shows them once the setting changes', async () => {
        const first = client.nextDiagnostics(warningUri);
        client.open(warningUri, readFileSync(warningFile, 'utf8'));
        expect(await first).toEqual([]);
        const shown = client.nextDiagnostics(warningUri, d => d.length > 0);
        await client.connection.sendNotification('workspace/didChangeConfiguration', {
            settings: { moe: { validation: { pedanticWarnings: true } } }
        });
        const warnings = await shown;
        expect(warnings.map(d => [d.severity, d.message])).toEqual([[2, "Prior 'spare' is declared but never used."]]);
    });

    it('offers completion without snippet syntax and without editor-specific commands', async () => {
        const uri = pathToFileURL(resolve(fixtures, 'any-editor-completion.moe')).toString();
        const ready = client.nextDiagnostics(uri);
        client.open(uri, 'model m {\n    fit particle_learning(\n    gate ~ \n}\n');
        await ready;
        const parameters = await client.connection.sendRequest<CompletionList>('textDocument/completion', {
            textDocument: { uri },
            position: { line: 1, character: 26 }
        });
        expect(parameters.items.length).toBeGreaterThan(3);
        for (const item of parameters.items) expect(item.command, item.label).toBeUndefined();
        const gates = await client.connection.sendRequest<CompletionList>('textDocument/completion', {
            textDocument: { uri },
            position: { line: 2, character: 11 }
        });
        const stick = gates.items.find(i => i.label === 'stick_breaking');
        expect(stick).toBeDefined();
        for (const item of gates.items) {
            expect(item.insertTextFormat ?? 1, item.label).toBe(1);
            const text =
                item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : (item.insertText ?? item.label);
            expect(text, item.label).not.toMatch(/\$\{?\d/);
        }
    });

    it('advertises inlay hints and semantic tokens, and answers both over stdio', async () => {
        expect(client.init.capabilities.inlayHintProvider).toBeTruthy();
        const legend = client.init.capabilities.semanticTokensProvider?.legend;
        expect(legend?.tokenTypes).toContain('namespace');
        const uri = pathToFileURL(resolve(fixtures, 'any-editor-hints.moe')).toString();
        const ready = client.nextDiagnostics(uri);
        client.open(
            uri,
            'model m {\n    data train = sparse_experts(n = 100, seed = 1)\n    fit particle_learning(particles = 500)\n}\n'
        );
        await ready;
        const hints = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }
        });
        const pl = hints.find(h => h.position.line === 2)!;
        expect(pl.position.character).toBe('    fit particle_learning(particles = 500'.length);
        const label = typeof pl.label === 'string' ? pl.label : pl.label.map(p => p.value).join('');
        expect(label).toContain('chains: 4');
        expect(label).not.toContain('particles:');
        const tokens = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', {
            textDocument: { uri }
        });
        // Second token of line 1 (`train`, after nothing else highlighted on that line): a stream, declared.
        const rows: number[][] = [];
        for (let i = 0; i < tokens.data.length; i += 5) rows.push(tokens.data.slice(i, i + 5));
        const first = rows.find(r => r[0] === 1)!;
        expect([first[1], first[2], legend!.tokenTypes[first[3]]]).toEqual([9, 'train'.length, 'namespace']);
    });

    it('formats a document when the request leaves out its options', async () => {
        const uri = pathToFileURL(resolve(fixtures, 'any-editor-format.moe')).toString();
        const ready = client.nextDiagnostics(uri);
        client.open(uri, 'model m {\ndata train = sparse_experts(n = 100, seed = 1)\n}\n');
        await ready;
        const edits = await client.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', {
            textDocument: { uri }
        });
        expect(edits?.some(e => e.newText.includes('    '))).toBe(true);
    });

    it('notices a CSV header changed on disk without file events from the client', async () => {
        // Inside the workspace folder: the server reads data files only there.
        const dir = mkdtempSync(join(fixtures, '.watch-'));
        try {
            const csv = join(dir, 'xy.csv');
            writeFileSync(csv, 'x1,x2,y\n0.1,1.2,3.0\n0.5,-0.3,1.1\n');
            const uri = pathToFileURL(join(dir, 'watched.moe')).toString();
            const missing = client.nextDiagnostics(uri, d => d.some(x => x.message.includes("'speed'")));
            client.open(
                uri,
                'model watched {\n    data train = csv("xy.csv", target = y, inputs = [x1, x2, speed])\n    experts ~ gaussian(count = 2)\n    gate ~ softmax(branches = 2)\n    fit em()\n}\n'
            );
            await missing;
            // The client announced no file watching: the server must see this write itself. The write
            // truncates first, and the server may read the file empty in between (an error of its
            // own), so the test waits for the diagnostics without any error.
            const fixed = client.nextDiagnostics(uri, d => !d.some(x => x.severity === 1), 15_000);
            writeFileSync(csv, 'x1,x2,y,speed\n0.1,1.2,3.0,1\n0.5,-0.3,1.1,2\n');
            expect((await fixed).some(d => d.message.includes("'speed'"))).toBe(false);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('does not re-send a document’s diagnostics when an edit elsewhere leaves them unchanged', async () => {
        // A model with an unresolved reference, which an edit elsewhere could relink and revalidate.
        const unresolvedFile = resolve(fixtures, 'bad/unknown-prior.moe');
        const unresolvedUri = pathToFileURL(unresolvedFile).toString();
        // The server validates the workspace's files at start: these may be out before the file is opened.
        const opened = client.nextDiagnostics(unresolvedUri);
        client.open(unresolvedUri, readFileSync(unresolvedFile, 'utf8'));
        const known = client.published.filter(p => p.uri === unresolvedUri).pop()?.diagnostics ?? (await opened);
        expect(known.some(d => d.severity === 1)).toBe(true);
        // A request that waits for the file to be validated: its diagnostics are out after it.
        await client.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: unresolvedUri },
            range: known[0].range,
            context: { diagnostics: [] }
        });
        const before = client.published.filter(p => p.uri === unresolvedUri).length;
        const uri = pathToFileURL(resolve(fixtures, 'any-editor-other.moe')).toString();
        client.open(uri, 'prior other = normal(mean = 0, variance = 1)\n');
        await client.nextDiagnostics(uri);
        for (let version = 2; version <= 4; version++) {
            // Each version calls another unknown distribution, so its own error changes and is published.
            const next = client.nextDiagnostics(uri, d => d.some(x => x.message.includes(`other${version}`)));
            await client.connection.sendNotification('textDocument/didChange', {
                textDocument: { uri, version },
                contentChanges: [{ text: `prior p = other${version}(mean = 0)\n` }]
            });
            await next;
        }
        expect(client.published.filter(p => p.uri === unresolvedUri).length).toBe(before);
    });
});
