/**
 * Shared helpers of the language tests: repository paths, fixture expectations, and checking
 * files through the same batch entry points the CLI uses.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = join(REPO_ROOT, 'examples');
export const FIXTURES = join(REPO_ROOT, 'test', 'language', 'fixtures');
export const GOLDEN = join(REPO_ROOT, 'test', 'language', 'golden');

export interface Expectation {
    severity: 'error' | 'warning';
    /** The exact source text the diagnostic must cover. */
    token: string;
    /** Which occurrence of the token (as a whole word) after the expectation lines, 1-based. */
    occurrence: number;
    message: string;
}

/** Expectations of a bad fixture: header lines `//! error "token#n" | message`. */
export function readExpectations(text: string): Expectation[] {
    const expectations: Expectation[] = [];
    for (const line of text.split('\n')) {
        const match = /^\/\/!\s+(error|warning)\s+"((?:\\.|[^"\\])*)"\s*\|\s*(.*)$/.exec(line);
        if (!match) continue;
        let token = match[2].replace(/\\"/g, '"');
        let occurrence = 1;
        const hash = /^(.*)#(\d+)$/.exec(token);
        if (hash) {
            token = hash[1];
            occurrence = Number(hash[2]);
        }
        expectations.push({ severity: match[1] as 'error' | 'warning', token, occurrence, message: match[3].trim() });
    }
    return expectations;
}

/** 1-based line and column of the n-th whole-word occurrence of `token` after the header lines. */
export function tokenPosition(
    text: string,
    token: string,
    occurrence: number
): { line: number; column: number; endLine: number; endColumn: number } {
    const headerEnd = text
        .split('\n')
        .filter(l => l.startsWith('//!'))
        .reduce((sum, l) => sum + l.length + 1, 0);
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\w.])${escaped}(?![\\w.])`, 'g');
    pattern.lastIndex = headerEnd;
    let match: RegExpExecArray | null = null;
    for (let i = 0; i < occurrence; i++) {
        match = pattern.exec(text);
        if (!match) throw new Error(`token ${token} (occurrence ${occurrence}) not found`);
    }
    const position = (offset: number) => {
        const before = text.slice(0, offset).split('\n');
        return { line: before.length, column: before[before.length - 1].length + 1 };
    };
    const start = position(match!.index);
    const end = position(match!.index + token.length);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function read(path: string): string {
    return readFileSync(path, 'utf8');
}
