/**
 * The parameter catalogue: one description of every callable name of the language, read by
 * the validator (names, types, ranges), the compiler (defaults) and the editor features
 * (completion, hover).
 */
import type { CallableSpec, Category, DefaultValue, ParamSpec, ParamType } from './types.js';

export * from './types.js';
export { HMOE_RATES_TRUTH } from './sources.js';
export { RESAMPLING_SCHEMES, EM_INITIALIZATIONS } from './model-parts.js';
export { KEYWORD_DOCS } from './keywords.js';
export { CATALOGUE, lookupCallable, inCategory, callablesIn, lookupParam } from './registry.js';
export { calleeCategory, argumentParameter } from './slots.js';

export const CATEGORY_LABELS: Record<Category, string> = {
    'distribution': 'a distribution',
    'source': 'a data source',
    'split': 'a row range',
    'expert-family': 'an expert family',
    'gate': 'a gate',
    'gate-level': 'a gate level (softmax or laplace)',
    'inference': 'an inference method'
};

/** The valid range of a numeric type, e.g. `> 0`, `integer >= 1`, `(0, 1]`; undefined for unbounded reals. */
export function describeRange(type: ParamType): string | undefined {
    if (type.kind !== 'number') return undefined;
    const parts: string[] = [];
    if (type.min !== undefined && type.max !== undefined) {
        parts.push(`${type.minExclusive ? '(' : '['}${type.min}, ${type.max}${type.maxExclusive ? ')' : ']'}`);
    } else if (type.min !== undefined) {
        parts.push(`${type.minExclusive ? '>' : '>='} ${type.min}`);
    } else if (type.max !== undefined) {
        parts.push(`${type.maxExclusive ? '<' : '<='} ${type.max}`);
    }
    const range = parts.join('');
    if (type.integer) return range ? `integer ${range}` : 'integer';
    return range || undefined;
}

/** A short name of what a parameter takes, e.g. `number > 0`, `one of multinomial, systematic`. */
export function describeType(type: ParamType): string {
    switch (type.kind) {
        case 'number': return describeRange(type) ? `number, ${describeRange(type)}` : 'number';
        case 'boolean': return 'true or false';
        case 'string': return 'string';
        case 'symbol': return `one of ${type.values.join(', ')}${type.perBranch ? ' (or a list, one per branch)' : ''}`;
        case 'column': return 'a CSV column';
        case 'columns': return 'a list of CSV columns';
        case 'prior': return type.accepts.map(t => ({
            coefficients: 'normal', variance: 'inverse_gamma', scale: 'half_cauchy', shrinkage: 'horseshoe'
        })[t]).join(' or ') + ' prior';
        case 'gate-level': return 'softmax(branches = B) or laplace(branches = B)';
        case 'numbers': {
            const shape = ['a list of numbers', 'a matrix (list of lists) of numbers', 'a list of matrices of numbers'][type.rank - 1];
            return type.scalar ? `a number or ${shape}` : shape;
        }
    }
}

/** How a `sameAs` default reads in documentation. */
export function sameAsText(other: string): string {
    return `same as \`${other}\``;
}

/** A default as source text, e.g. `half_cauchy(scale = 1)`. */
export function formatDefault(value: DefaultValue): string {
    if (Array.isArray(value)) return `[${value.map(formatDefault).join(', ')}]`;
    if (typeof value === 'object' && value !== null && 'call' in value) {
        const args = Object.entries(value.args).map(([k, v]) => `${k} = ${formatDefault(v)}`).join(', ');
        return `${value.call}(${args})`;
    }
    return String(value);
}

/** Markdown documentation of a parameter: meaning, type, range and default. */
export function paramDocumentation(param: ParamSpec): string {
    const lines = [`**${param.name}**: ${param.doc}`, '', `- takes: ${describeType(param.type)}`];
    if (param.required) lines.push('- required');
    else if (param.default !== undefined) lines.push(`- default: \`${formatDefault(param.default)}\``);
    else if (param.sameAs) lines.push(`- default: ${sameAsText(param.sameAs)}`);
    return lines.join('\n');
}

/** Markdown documentation of a callable: meaning and its parameters. */
export function callableDocumentation(spec: CallableSpec): string {
    const signature = `${spec.name}(${spec.params.map(p => p.required ? p.name : `${p.name}?`).join(', ')})`;
    const params = spec.params.map(p => {
        const dflt = p.required ? 'required' : p.default !== undefined ? `default \`${formatDefault(p.default)}\`` : `default ${p.sameAs ? sameAsText(p.sameAs) : '-'}`;
        return `- \`${p.name}\` (${describeType(p.type)}; ${dflt}): ${p.doc}`;
    });
    return [`\`${signature}\`: ${CATEGORY_LABELS[spec.category]}`, '', spec.doc, '', ...params].join('\n');
}
