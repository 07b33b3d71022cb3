/**
 * Turns Ajv's validation errors into one line each that names the field by JSON pointer and
 * says what is wrong in the words of the plan ("missing required field", "must be one of ...").
 */
import type { ErrorObject } from 'ajv';

export interface SchemaProblem {
    /** JSON pointer of the offending field ("" for the whole document). */
    pointer: string;
    message: string;
}

type SchemaNode = Record<string, unknown>;

/** Resolve a local `#/$defs/...` reference against the root schema. */
function resolveLocal(root: SchemaNode, node: SchemaNode): SchemaNode {
    const ref = node['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as SchemaNode | undefined)?.[part];
    return (target as SchemaNode | undefined) ?? node;
}

/** The values a discriminator accepts, read from the `const` of each `oneOf` branch. */
function discriminatorValues(root: SchemaNode, parent: SchemaNode, tag: string): string[] {
    const branches = Array.isArray(parent['oneOf']) ? (parent['oneOf'] as SchemaNode[]) : [];
    return branches.map(branch => {
        const properties = resolveLocal(root, branch)['properties'] as SchemaNode | undefined;
        const property = properties?.[tag] as SchemaNode | undefined;
        return JSON.stringify(property?.['const']);
    });
}

function show(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(root: SchemaNode, error: ErrorObject): SchemaProblem {
    const at = error.instancePath;
    const params = error.params as Record<string, unknown>;
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    switch (error.keyword) {
        case 'required':
            return { pointer: `${at}/${String(params['missingProperty'])}`, message: 'missing required field' };
        case 'additionalProperties': {
            const known = Object.keys((parent['properties'] ?? {}) as SchemaNode);
            return {
                pointer: `${at}/${String(params['additionalProperty'])}`,
                message: `unknown field (expected one of: ${known.join(', ')})`
            };
        }
        case 'discriminator': {
            const tag = String(params['tag']);
            const allowed = discriminatorValues(root, parent, tag).join(', ');
            return params['error'] === 'tag'
                ? { pointer: `${at}/${tag}`, message: `missing or not a string; must be one of ${allowed}` }
                : { pointer: `${at}/${tag}`, message: `must be one of ${allowed} (got ${show(params['tagValue'])})` };
        }
        case 'const':
            return { pointer: at, message: `must be ${show(params['allowedValue'])} (got ${show(error.data)})` };
        case 'enum':
            return {
                pointer: at,
                message: `must be one of ${(params['allowedValues'] as unknown[]).map(show).join(', ')} (got ${show(error.data)})`
            };
        default:
            return { pointer: at, message: `${error.message ?? 'is invalid'} (got ${show(error.data)})` };
    }
}

/**
 * One problem per distinct field. Ajv reports a failed `oneOf` both for the branch and for the
 * `oneOf` itself; with discriminators the branch errors say everything, so `oneOf` is dropped.
 */
export function describeSchemaErrors(root: object, errors: ErrorObject[]): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    const seen = new Set<string>();
    for (const error of errors) {
        if (error.keyword === 'oneOf' && errors.length > 1) continue;
        const problem = describe(root as SchemaNode, error);
        const key = `${problem.pointer}\u0000${problem.message}`;
        if (!seen.has(key)) {
            seen.add(key);
            problems.push(problem);
        }
    }
    return problems;
}
