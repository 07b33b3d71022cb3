/**
 * What the server publishes as diagnostics: warnings only when the user wants them (the
 * pedantic-warnings setting, read on the server so every editor honours it), and nothing when a
 * document's diagnostics are the same as last sent (a rebuild of files an edit did not change
 * would otherwise re-send all of them, thousands for a large model, after every keystroke).
 */
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { MoeClientOptions } from './client-options.js';

export function shownDiagnostics(diagnostics: readonly Diagnostic[], pedanticWarnings: boolean): Diagnostic[] {
    return pedanticWarnings ? [...diagnostics] : diagnostics.filter(d => d.severity !== DiagnosticSeverity.Warning);
}

/** Wraps `connection.sendDiagnostics` (which Langium's diagnostics handler calls). */
export function filterPublishedDiagnostics(
    connection: Pick<Connection, 'sendDiagnostics'>,
    options: MoeClientOptions
): void {
    const send = connection.sendDiagnostics.bind(connection);
    const latest = new Map<string, PublishDiagnosticsParams>();
    const sent = new Map<string, string>();
    const publish = (params: PublishDiagnosticsParams): Promise<void> => {
        const shown = { ...params, diagnostics: shownDiagnostics(params.diagnostics, options.pedanticWarnings) };
        const key = JSON.stringify(shown.diagnostics);
        if (sent.get(params.uri) === key) return Promise.resolve();
        sent.set(params.uri, key);
        return send(shown);
    };
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
        if (params.diagnostics.length === 0) latest.delete(params.uri);
        else latest.set(params.uri, params);
        return publish(params);
    };
    options.onDidChangeWarnings(() => {
        for (const params of latest.values()) void publish(params);
    });
}
