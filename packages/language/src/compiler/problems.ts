/**
 * Langium diagnostics as MoeProblems (1-based line and column, as `moe check` prints them).
 */
import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { MoeProblem } from '../messages.js';

export function toProblem(file: string, diagnostic: Diagnostic): MoeProblem {
    return {
        file,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        severity: diagnostic.severity === 1 ? 'error' : 'warning',
        message: diagnostic.message
    };
}

/** Errors and warnings of a validated document (hints and information are not problems). */
export function documentProblems(document: LangiumDocument): MoeProblem[] {
    const file = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString();
    return (document.diagnostics ?? [])
        .filter(d => d.severity === undefined || d.severity <= 2)
        .map(d => toProblem(file, d))
        .sort((a, b) => a.line - b.line || a.column - b.column);
}
