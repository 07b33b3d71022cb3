/**
 * Checks of calls and their arguments against the catalogue: known callee in the right place,
 * known and non-repeated parameters, required ones present, values of the right type and in range.
 */
import type { ValidationAcceptor } from 'langium';
import {
    isArgument,
    isBooleanValue,
    isCall,
    isListValue,
    isNameValue,
    isNumberValue,
    isStringValue,
    type Argument,
    type Call,
    type Value
} from '../generated/ast.js';
import { argumentParameter, calleeCategory } from '../catalogue/slots.js';
import { callablesIn, inCategory, lookupCallable } from '../catalogue/registry.js';
import { CATEGORY_LABELS, describeRange, describeType } from '../catalogue/index.js';
import type { ParamSpec, ParamType } from '../catalogue/types.js';
import { IssueCodes } from '../issue-codes.js';
import { inferPriorType, describePriorTypes } from '../type-system/prior-types.js';
import { numberOf } from '../model/values.js';
import { didYouMean, suggestNames } from './suggest.js';

export function checkCall(call: Call, accept: ValidationAcceptor): void {
    if (!call.callee) return; // a syntax error already
    const category = calleeCategory(call);
    if (category === undefined) {
        // A call where a plain value belongs; the argument check says what was expected.
        if (!isArgument(call.$container) || argumentParameter(call.$container) === undefined) {
            if (!isArgument(call.$container))
                accept('error', `A call is not allowed here.`, { node: call, property: 'callee' });
        }
        return;
    }
    const spec = lookupCallable(call.callee);
    const names = callablesIn(category).map(c => c.name);
    if (!spec) {
        const suggestions = suggestNames(call.callee, names);
        accept(
            'error',
            `Unknown ${CATEGORY_LABELS[category].replace(/^an? /, '')} '${call.callee}'.${didYouMean(suggestions)}` +
                (suggestions.length === 0 ? ` Expected one of: ${names.join(', ')}.` : ''),
            { node: call, property: 'callee', data: { code: IssueCodes.UnknownCallee, name: call.callee, suggestions } }
        );
        return;
    }
    if (!inCategory(spec, category)) {
        accept(
            'error',
            `'${spec.name}' is ${CATEGORY_LABELS[spec.category]}, but ${CATEGORY_LABELS[category]} is expected here ` +
                `(one of: ${names.join(', ')}).`,
            {
                node: call,
                property: 'callee',
                data: { code: IssueCodes.TypeMismatch, name: spec.name, expected: category }
            }
        );
        return;
    }
    checkArgumentsOf(call, spec.params, accept);
}

function checkArgumentsOf(call: Call, params: readonly ParamSpec[], accept: ValidationAcceptor): void {
    const positional = params.filter(p => p.positional);
    const given = new Set<string>();
    let seenNamed = false;
    let positionalIndex = 0;
    // Reported on the argument's own node: `{ node: call, property: 'arguments', index }` makes Langium
    // search the call's children for each diagnostic, quadratic in the number of arguments.
    call.arguments.forEach(argument => {
        if (argument.name === undefined) {
            if (seenNamed) {
                accept('error', 'Positional arguments must come before named ones.', { node: argument });
                return;
            }
            const param = positional[positionalIndex++];
            if (!param) {
                accept(
                    'error',
                    positional.length === 0
                        ? `'${call.callee}' takes only named arguments: write \`name = value\` (parameters: ${params.map(p => p.name).join(', ')}).`
                        : `'${call.callee}' takes ${positional.length} positional argument${positional.length > 1 ? 's' : ''} (${positional.map(p => p.name).join(', ')}).`,
                    { node: argument }
                );
                return;
            }
            given.add(param.name);
            return;
        }
        seenNamed = true;
        const param = params.find(p => p.name === argument.name);
        if (!param) {
            const suggestions = suggestNames(
                argument.name,
                params.map(p => p.name)
            );
            accept(
                'error',
                `'${call.callee}' has no parameter '${argument.name}'.${didYouMean(suggestions)}` +
                    (suggestions.length === 0 ? ` Its parameters: ${params.map(p => p.name).join(', ')}.` : ''),
                {
                    node: argument,
                    property: 'name',
                    data: { code: IssueCodes.UnknownParameter, name: argument.name, suggestions }
                }
            );
            return;
        }
        if (given.has(param.name)) {
            accept('error', `Parameter '${param.name}' is given more than once.`, {
                node: argument,
                property: 'name',
                data: { code: IssueCodes.DuplicateParameter, name: param.name }
            });
            return;
        }
        given.add(param.name);
    });
    const missing = params.filter(p => p.required && !given.has(p.name));
    for (const param of missing) {
        accept('error', `'${call.callee}' needs the parameter '${param.name}' (${describeType(param.type)}).`, {
            node: call,
            property: 'callee',
            data: { code: IssueCodes.MissingParameter, name: param.name, callee: call.callee }
        });
    }
}

/** The value of an argument against the type and range of its parameter. */
export function checkArgumentValue(argument: Argument, accept: ValidationAcceptor): void {
    const param = argumentParameter(argument);
    if (!param || !argument.value) return;
    checkValue(argument.value, param, accept);
}

export function checkValue(value: Value | undefined, param: ParamSpec, accept: ValidationAcceptor): void {
    if (!value) return;
    const type = param.type;
    const mismatch = (what: string) =>
        accept('error', `'${param.name}' expects ${describeType(type)}, not ${what}.`, {
            node: value,
            data: { code: IssueCodes.TypeMismatch, name: param.name, expected: describeType(type) }
        });
    switch (type.kind) {
        case 'number': {
            if (!isNumberValue(value)) return mismatch(describeValue(value));
            checkRange(value, param, type, accept);
            return;
        }
        case 'boolean':
            if (!isBooleanValue(value)) mismatch(describeValue(value));
            return;
        case 'string':
            if (!isStringValue(value)) mismatch(describeValue(value));
            return;
        case 'symbol': {
            const items = type.perBranch && isListValue(value) ? value.items : [value];
            if (items.length === 0) return mismatch('an empty list');
            for (const item of items) {
                if (!isNameValue(item)) {
                    mismatch(describeValue(item));
                    continue;
                }
                if (!type.values.includes(item.target.$refText)) {
                    const suggestions = suggestNames(item.target.$refText, type.values);
                    accept(
                        'error',
                        `'${item.target.$refText}' is not a valid ${param.name}: expected one of ${type.values.join(', ')}.${didYouMean(suggestions)}`,
                        {
                            node: item,
                            data: { code: IssueCodes.UnknownSymbol, name: item.target.$refText, suggestions }
                        }
                    );
                }
            }
            return;
        }
        case 'column':
            if (!isNameValue(value) && !isStringValue(value)) mismatch(describeValue(value));
            return;
        case 'columns':
            if (!isListValue(value)) return mismatch(describeValue(value));
            for (const item of value.items) {
                if (!isNameValue(item) && !isStringValue(item)) {
                    accept('error', `'${param.name}' lists column names, not ${describeValue(item)}.`, {
                        node: item,
                        data: { code: IssueCodes.TypeMismatch, name: param.name }
                    });
                }
            }
            if (value.items.length === 0)
                accept('error', `'${param.name}' needs at least one column.`, { node: value });
            return;
        case 'prior': {
            if (!isCall(value) && !isNameValue(value)) return mismatch(describeValue(value));
            const inferred = inferPriorType(value);
            if (inferred.kind === 'prior' && !type.accepts.includes(inferred.type)) {
                const what = isNameValue(value)
                    ? `'${value.target.$refText}' is ${article(inferred.distribution)} ${inferred.distribution} prior`
                    : `${article(inferred.distribution)} ${inferred.distribution} prior is given`;
                accept('error', `Type mismatch: ${what}; '${param.name}' needs ${describePriorTypes(type.accepts)}.`, {
                    node: value,
                    data: { code: IssueCodes.TypeMismatch, name: param.name, expected: type.accepts }
                });
            }
            return;
        }
        case 'gate-level':
            if (!isCall(value)) mismatch(describeValue(value));
            return;
        case 'numbers':
            checkNumbers(value, param, type, accept);
            return;
    }
}

function checkRange(
    value: Value,
    param: ParamSpec,
    type: ParamType & { kind: 'number' },
    accept: ValidationAcceptor
): void {
    const n = numberOf(value);
    if (n === undefined || !Number.isFinite(n)) return; // a literal beyond range is reported by checkNumberLiteral
    const bad =
        (type.integer && !Number.isInteger(n)) ||
        (type.min !== undefined && (type.minExclusive ? n <= type.min : n < type.min)) ||
        (type.max !== undefined && (type.maxExclusive ? n >= type.max : n > type.max)) ||
        !Number.isFinite(n);
    if (bad) {
        const range = describeRange(type) ?? 'a finite number';
        accept('error', `'${param.name}' must be ${/^[([]/.test(range) ? 'in ' : ''}${range}; found ${n}.`, {
            node: value,
            data: { code: IssueCodes.OutOfRange, name: param.name }
        });
    }
}

function checkNumbers(
    value: Value,
    param: ParamSpec,
    type: ParamType & { kind: 'numbers' },
    accept: ValidationAcceptor
): void {
    if (type.scalar && isNumberValue(value)) return;
    const visit = (v: Value, depth: number): boolean => {
        if (depth === 0) {
            if (!isNumberValue(v)) {
                accept(
                    'error',
                    `'${param.name}' expects ${describeType(type)}; found ${describeValue(v)} where a number belongs.`,
                    { node: v, data: { code: IssueCodes.TypeMismatch, name: param.name } }
                );
                return false;
            }
            const n = numberOf(v);
            if (type.positive && n !== undefined && !(n > 0)) {
                accept('error', `Every entry of '${param.name}' must be > 0; found ${n}.`, {
                    node: v,
                    data: { code: IssueCodes.OutOfRange, name: param.name }
                });
            }
            return true;
        }
        if (!isListValue(v)) {
            accept(
                'error',
                `'${param.name}' expects ${describeType(type)}; found ${describeValue(v)} where a list belongs.`,
                { node: v, data: { code: IssueCodes.TypeMismatch, name: param.name } }
            );
            return false;
        }
        return v.items.every(item => visit(item, depth - 1));
    };
    visit(value, type.rank);
}

export function describeValue(value: Value): string {
    if (isNumberValue(value)) return 'a number';
    if (isStringValue(value)) return 'a string';
    if (isBooleanValue(value)) return 'a boolean';
    if (isListValue(value)) return 'a list';
    if (isCall(value)) return `a call of '${value.callee}'`;
    if (isNameValue(value)) return `the name '${value.target.$refText}'`;
    return 'this value';
}

function article(word: string): string {
    return /^[aeiou]/.test(word) ? 'an' : 'a';
}
