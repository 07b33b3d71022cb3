/**
 * Every number literal must be a finite double that keeps its meaning: `1e400` overflows to
 * Infinity (and becomes `null` in the plan's JSON), and `1e-400` underflows to 0 although it was
 * written as nonzero. One rule for every literal, so nothing check accepts is rejected later.
 */
import type { ValidationAcceptor } from 'langium';
import type { NumberValue } from '../generated/ast.js';

export function checkNumberLiteral(value: NumberValue, accept: ValidationAcceptor): void {
    const n = value.value;
    if (n === undefined) return;
    const written = value.$cstNode?.text.replace(/^-\s*/, '') ?? String(n);
    if (!Number.isFinite(n)) {
        accept(
            'error',
            `The number ${echoLiteral(written)} is too large: numbers must be finite, at most about 1.8e308 in size.`,
            { node: value }
        );
    } else if (n === 0 && /[1-9]/.test(written.replace(/[eE].*$/, ''))) {
        accept(
            'error',
            `The number ${echoLiteral(written)} is too small: it rounds to 0 (the smallest positive number is about 5e-324).`,
            { node: value }
        );
    }
}

function echoLiteral(text: string): string {
    return text.length <= 40 ? text : `${text.slice(0, 20)}…${text.slice(-10)} (${text.length} characters)`;
}
