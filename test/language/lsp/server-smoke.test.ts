/**
 * The bundled language server, spoken to over stdio as an editor would: initialize, open a broken
 * model and wait for its diagnostics, ask for completion, and ask for the compiled plan of a valid
 * example through the custom request shared with the extension.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    createMessageConnection,
    StreamMessageReader,
    StreamMessageWriter,
    type MessageConnection
} from 'vscode-jsonrpc/node.js';
import type {
    CompletionList,
    Diagnostic,
    InitializeResult,
    PublishDiagnosticsParams
} from 'vscode-languageserver-protocol';
import {
    CompilePlanRequest,
    type CompilePlanParams,
    type CompilePlanResult
} from '../../../packages/language/src/messages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const serverBundle = resolve(root, 'packages/extension/out/language/main.cjs');
const examples = resolve(root, 'examples');

let server: ChildProcess;
let connection: MessageConnection;
const diagnostics = new Map<string, Diagnostic[]>();
/** Each waiter returns true once it is satisfied (and is then dropped). */
const diagnosticWaiters: Array<() => boolean> = [];

/** Resolves with the diagnostics of `uri` as soon as the server has published them. */
function diagnosticsFor(uri: string, timeoutMs = 30_000): Promise<Diagnostic[]> {
    return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(
            () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)),
            timeoutMs
        );
        const check = (): boolean => {
            const found = diagnostics.get(uri);
            if (found) {
                clearTimeout(timer);
                resolvePromise(found);
                return true;
            }
            return false;
        };
        if (!check()) {
            diagnosticWaiters.push(check);
        }
    });
}

function open(uri: string, text: string): void {
    void connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'moe', version: 1, text }
    });
}

beforeAll(async () => {
    if (!existsSync(serverBundle)) {
        // `npm test` builds first; a lone `vitest run` on this file builds the server bundle itself.
        const build = spawnSync(process.execPath, [resolve(root, 'esbuild.mjs')], { cwd: root, encoding: 'utf8' });
        if (build.status !== 0) {
            throw new Error(`building the language server failed:\n${build.stderr}`);
        }
    }
    server = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', chunk => {
        stderr += String(chunk);
    });
    server.on('exit', code => {
        if (code !== null && code !== 0) {
            console.error(`language server exited with ${code}\n${stderr}`);
        }
    });
    connection = createMessageConnection(
        new StreamMessageReader(server.stdout!),
        new StreamMessageWriter(server.stdin!)
    );
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        diagnostics.set(params.uri, params.diagnostics);
        const pending = diagnosticWaiters.splice(0).filter(waiter => !waiter());
        diagnosticWaiters.push(...pending);
    });
    connection.listen();

    const rootUri = pathToFileURL(examples).toString();
    const init = await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'examples' }],
        capabilities: {
            workspace: { configuration: true, workspaceFolders: true },
            textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} }
        }
    });
    expect(init.capabilities.completionProvider).toBeDefined();
    await connection.sendNotification('initialized', {});
});

afterAll(async () => {
    if (connection) {
        try {
            await connection.sendRequest('shutdown');
            await connection.sendNotification('exit');
        } catch {
            // The server may already be gone; the kill below ends it either way.
        }
        connection.dispose();
    }
    server?.kill();
});

describe('language server over stdio', () => {
    test('publishes a syntax error for a broken model, on the broken token', async () => {
        const uri = pathToFileURL(resolve(examples, 'smoke-broken.moe')).toString();
        const text = 'model broken {\n    experts ~ gaussian(count = 3))\n}\n';
        open(uri, text);
        const found = await diagnosticsFor(uri);
        expect(found.length).toBeGreaterThan(0);
        const error = found.find(d => d.severity === 1);
        expect(error).toBeDefined();
        // The parser stops at the second `)` on line 2 (0-based line 1, character 33).
        expect(error!.range.start).toEqual({ line: 1, character: 33 });
    });

    test('answers completion: statement keywords inside a model, parameters inside a call', async () => {
        const uri = pathToFileURL(resolve(examples, 'smoke-completion.moe')).toString();
        open(uri, 'model m {\n    \n}\n');
        await diagnosticsFor(uri);
        const completion = await connection.sendRequest<CompletionList | null>('textDocument/completion', {
            textDocument: { uri },
            position: { line: 1, character: 4 }
        });
        const labels = (completion?.items ?? []).map(item => item.label);
        expect(labels).toEqual(expect.arrayContaining(['data', 'experts', 'gate', 'fit']));

        // The parameters of the call being written, from the catalogue.
        await connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: 2 },
            contentChanges: [{ text: 'model m {\n    fit particle_learning(\n}\n' }]
        });
        const parameters = await connection.sendRequest<CompletionList | null>('textDocument/completion', {
            textDocument: { uri },
            position: { line: 1, character: 26 }
        });
        expect((parameters?.items ?? []).map(item => item.label)).toEqual(
            expect.arrayContaining(['particles', 'resampling', 'seed'])
        );
    });

    test('compiles a valid example through the shared custom request', async () => {
        const path = resolve(examples, 'bayesian-regression.moe');
        const uri = pathToFileURL(path).toString();
        open(uri, readFileSync(path, 'utf8'));
        const published = await diagnosticsFor(uri);
        expect(published.filter(d => d.severity === 1)).toEqual([]);
        const result = await connection.sendRequest<CompilePlanResult>(CompilePlanRequest, {
            uri
        } satisfies CompilePlanParams);
        expect(result.problems.filter(p => p.severity === 'error')).toEqual([]);
        expect(result.plan?.planVersion).toBe(2);
        expect(result.plan?.model.source).toBe(path);
    });
});
