/**
 * A call with every parameter readable as a plain value, its default filled in from the catalogue
 * when the model does not give it. Nested priors and gate levels are calls too: either written in
 * the model (possibly through a named prior) or a catalogue default such as `half_cauchy(scale = 1)`.
 */
import { isListValue, type Call } from '../generated/ast.js';
import { lookupCallable, lookupParam } from '../catalogue/registry.js';
import type { DefaultValue, ParamSpec } from '../catalogue/types.js';
import {
    argumentsByName,
    booleanOf,
    columnNameOf,
    columnNamesOf,
    namesOf,
    nameOf,
    nestedNumbersOf,
    numberOf,
    priorCallOf,
    stringOf,
    type NestedNumbers
} from '../model/values.js';

export type PlainValue = number | boolean | string | string[] | NestedNumbers | CallView | undefined;

export interface CallView {
    readonly callee: string;
    /** The value given, else the catalogue default (for a `sameAs` default, that parameter's value), else undefined. */
    get(name: string): PlainValue;
    /** Whether the model gives this parameter explicitly. */
    has(name: string): boolean;
}

export function viewOfCall(call: Call): CallView {
    const args = argumentsByName(call);
    const spec = lookupCallable(call.callee);
    const get = (name: string): PlainValue => {
        const param = spec && lookupParam(spec, name);
        if (!param) return undefined;
        const argument = args.get(name);
        if (argument) return readValue(param, argument.value);
        return param.sameAs ? get(param.sameAs) : fromDefault(param.default);
    };
    return { callee: call.callee, has: name => args.has(name), get };
}

function viewOfDefault(value: { call: string; args: Readonly<Record<string, DefaultValue>> }): CallView {
    const spec = lookupCallable(value.call);
    const get = (name: string): PlainValue => {
        if (name in value.args) return fromDefault(value.args[name]);
        const param = spec && lookupParam(spec, name);
        if (!param) return undefined;
        return param.sameAs ? get(param.sameAs) : fromDefault(param.default);
    };
    return { callee: value.call, has: name => name in value.args, get };
}

function fromDefault(value: DefaultValue | undefined): PlainValue {
    if (value === undefined) return undefined;
    if (typeof value === 'object' && !Array.isArray(value))
        return viewOfDefault(value as { call: string; args: Record<string, DefaultValue> });
    if (Array.isArray(value)) return structuredClone(value) as NestedNumbers;
    return value as number | boolean | string;
}

function readValue(param: ParamSpec, value: Call['arguments'][number]['value']): PlainValue {
    switch (param.type.kind) {
        case 'number':
            return numberOf(value);
        case 'boolean':
            return booleanOf(value);
        case 'string':
            return stringOf(value);
        case 'symbol':
            return isListValue(value) ? namesOf(value) : nameOf(value);
        case 'column':
            return columnNameOf(value);
        case 'columns':
            return columnNamesOf(value);
        case 'numbers':
            return nestedNumbersOf(value);
        case 'prior':
        case 'gate-level': {
            const call = priorCallOf(value);
            return call ? viewOfCall(call) : undefined;
        }
    }
}

// Typed accessors for the compiler: a valid model has the right kinds everywhere.
export function num(view: CallView, name: string): number {
    const v = view.get(name);
    if (typeof v !== 'number') throw new Error(`internal: '${view.callee}.${name}' is not a number`);
    return v;
}
export function bool(view: CallView, name: string): boolean {
    const v = view.get(name);
    if (typeof v !== 'boolean') throw new Error(`internal: '${view.callee}.${name}' is not a boolean`);
    return v;
}
export function str(view: CallView, name: string): string {
    const v = view.get(name);
    if (typeof v !== 'string') throw new Error(`internal: '${view.callee}.${name}' is not a string`);
    return v;
}
export function sub(view: CallView, name: string): CallView {
    const v = view.get(name);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new Error(`internal: '${view.callee}.${name}' is not a call`);
    return v;
}
export function numbers(view: CallView, name: string): NestedNumbers {
    const v = view.get(name);
    if (typeof v !== 'number' && !Array.isArray(v))
        throw new Error(`internal: '${view.callee}.${name}' is not numbers`);
    return v as NestedNumbers;
}
