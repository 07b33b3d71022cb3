/**
 * The catalogue as a Markdown reference: every keyword, and every callable with each parameter,
 * what it takes, its default and its meaning. docs/language.md holds this text between two marker
 * comments, and test/language/language-reference.test.ts checks that it is exactly what this
 * renders, so the document cannot fall behind the catalogue the checker and hover use.
 */
import { CATEGORY_LABELS, describeType, formatDefault, sameAsText } from './index.js';
import { KEYWORD_DOCS } from './keywords.js';
import { CATALOGUE } from './registry.js';
import type { CallableSpec, Category, ParamSpec } from './types.js';

export const REFERENCE_BEGIN = '<!-- catalogue reference: generated from packages/language/src/catalogue, do not edit by hand -->';
export const REFERENCE_END = '<!-- end of catalogue reference -->';

/** Sections in reading order: where a model gets its data, then its parts, then how it is fitted. */
const SECTIONS: ReadonlyArray<{ category: Category; title: string }> = [
    { category: 'source', title: 'Data sources (`data NAME = ...`)' },
    { category: 'split', title: 'Row ranges (`split S into A = rows(...)`)' },
    { category: 'expert-family', title: 'Expert families (`experts ~ ...`)' },
    { category: 'gate', title: 'Gates (`gate ~ ...`)' },
    { category: 'distribution', title: 'Prior distributions (`prior NAME = ...`, or inline)' },
    { category: 'inference', title: 'Inference methods (`fit ...`)' }
];

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
    return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** The default column of a parameter: required, the default as source text, or how it is derived. */
export function defaultCell(param: ParamSpec): string {
    if (param.required) return 'required';
    if (param.default !== undefined) return `\`${formatDefault(param.default)}\``;
    return param.sameAs ? cell(sameAsText(param.sameAs)) : '-';
}

function signature(spec: CallableSpec): string {
    return `${spec.name}(${spec.params.map(p => (p.required ? p.name : `${p.name}?`)).join(', ')})`;
}

function callableSection(spec: CallableSpec): string[] {
    const also = spec.alsoIn?.map(c => CATEGORY_LABELS[c]).join(', ');
    const lines = [`### \`${spec.name}\``, '', `\`${signature(spec)}\`${also ? ` (also ${also})` : ''}`, '', spec.doc, ''];
    if (spec.params.length === 0) return [...lines, 'No parameters.', ''];
    lines.push('| parameter | takes | default | meaning |', '|---|---|---|---|');
    for (const p of spec.params) {
        const positional = p.positional ? ' (positional)' : '';
        lines.push(`| \`${p.name}\`${positional} | ${cell(describeType(p.type))} | ${defaultCell(p)} | ${cell(p.doc)} |`);
    }
    return [...lines, ''];
}

/** The generated part of docs/language.md, markers excluded. */
export function catalogueReference(): string {
    const lines: string[] = ['## Keywords', '', '| keyword | meaning |', '|---|---|'];
    for (const [keyword, doc] of Object.entries(KEYWORD_DOCS)) lines.push(`| \`${keyword}\` | ${cell(doc)} |`);
    lines.push('');
    for (const { category, title } of SECTIONS) {
        lines.push(`## ${title}`, '');
        for (const spec of CATALOGUE.filter(s => s.category === category)) lines.push(...callableSection(spec));
    }
    return lines.join('\n');
}
