/**
 * A minimal LSP client for tests: starts a server command over stdio, answers the requests a
 * server sends to its client, and records every diagnostics notification in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
    createMessageConnection,
    StreamMessageReader,
    StreamMessageWriter,
    type MessageConnection
} from 'vscode-jsonrpc/node.js';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface TestClient {
    connection: MessageConnection;
    init: InitializeResult;
    /** Every publishDiagnostics notification so far, in the order received. */
    published: PublishDiagnosticsParams[];
    /** Resolves with the next diagnostics of `uri` published after the call that satisfy `accept`. */
    nextDiagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
    open(uri: string, text: string): void;
    stop(): Promise<void>;
}

export async function startClient(
    command: string[],
    cwd: string,
    initialize: Record<string, unknown>,
    settings: unknown = {}
): Promise<TestClient> {
    const server: ChildProcess = spawn(process.execPath, command, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', chunk => {
        stderr += String(chunk);
    });
    const connection = createMessageConnection(
        new StreamMessageReader(server.stdout!),
        new StreamMessageWriter(server.stdin!)
    );
    const published: PublishDiagnosticsParams[] = [];
    const waiters: Array<(p: PublishDiagnosticsParams) => boolean> = [];
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
        params.items.map(i => (i.section === 'moe' ? settings : {}))
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        published.push(params);
        for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i](params)) waiters.splice(i, 1);
    });
    connection.listen();
    const init = await connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        ...initialize
    });
    await connection.sendNotification('initialized', {});
    return {
        connection,
        init,
        published,
        nextDiagnostics(uri, accept = () => true, timeoutMs = 30_000) {
            return new Promise((resolve, reject) => {
                const timer = setTimeout(
                    () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms\n${stderr}`)),
                    timeoutMs
                );
                waiters.push(p => {
                    if (p.uri !== uri || !accept(p.diagnostics)) return false;
                    clearTimeout(timer);
                    resolve(p.diagnostics);
                    return true;
                });
            });
        },
        open(uri, text) {
            void connection.sendNotification('textDocument/didOpen', {
                textDocument: { uri, languageId: 'moe', version: 1, text }
            });
        },
        async stop() {
            try {
                await connection.sendRequest('shutdown');
                await connection.sendNotification('exit');
            } catch {
                // Already gone; the kill below ends it either way.
            }
            connection.dispose();
            server.kill();
        }
    };
}
