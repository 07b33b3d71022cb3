/**
 * Reading values of the syntax tree: arguments by parameter name, numbers with their sign,
 * nested number lists, symbols and column names, and priors through their names.
 */
import {
    isBooleanValue,
    isCall,
    isListValue,
    isNameValue,
    isNumberValue,
    isPriorDecl,
    isStringValue,
    type Argument,
    type Call,
    type PriorDecl,
    type Value
} from '../generated/ast.js';
import { lookupCallable } from '../catalogue/registry.js';

/** The arguments of a call by parameter name (positional ones mapped to the positional parameters). */
export function argumentsByName(call: Call): Map<string, Argument> {
    const result = new Map<string, Argument>();
    const spec = lookupCallable(call.callee);
    const positional = spec?.params.filter(p => p.positional) ?? [];
    let index = 0;
    for (const argument of call.arguments) {
        if (argument.name !== undefined) {
            if (!result.has(argument.name)) result.set(argument.name, argument);
        } else {
            const param = positional[index++];
            if (param && !result.has(param.name)) result.set(param.name, argument);
        }
    }
    return result;
}

export function argumentValue(call: Call, name: string): Value | undefined {
    return argumentsByName(call).get(name)?.value;
}

export function numberOf(value: Value | undefined): number | undefined {
    if (!isNumberValue(value) || value.value === undefined || Number.isNaN(value.value)) return undefined;
    return value.negative ? -value.value : value.value;
}

export function booleanOf(value: Value | undefined): boolean | undefined {
    return isBooleanValue(value) ? value.value : undefined;
}

export function stringOf(value: Value | undefined): string | undefined {
    return isStringValue(value) ? value.value : undefined;
}

/** The bare name written, for symbols (`systematic`) and columns (`accel`). */
export function nameOf(value: Value | undefined): string | undefined {
    return isNameValue(value) ? value.target.$refText : undefined;
}

/** Numbers nested to any depth; undefined if anything in it is not a number. */
export type NestedNumbers = number | NestedNumbers[];
export function nestedNumbersOf(value: Value | undefined): NestedNumbers | undefined {
    if (isListValue(value)) {
        const items: NestedNumbers[] = [];
        for (const item of value.items) {
            const n = nestedNumbersOf(item);
            if (n === undefined) return undefined;
            items.push(n);
        }
        return items;
    }
    return numberOf(value);
}

/** A column: a bare name (`accel`) or a quoted one, for headers with spaces (`"engine size"`). */
export function columnNameOf(value: Value | undefined): string | undefined {
    return nameOf(value) ?? stringOf(value);
}

export function columnNamesOf(value: Value | undefined): string[] | undefined {
    if (!isListValue(value)) return undefined;
    const names = value.items.map(columnNameOf);
    return names.every(n => n !== undefined) ? (names as string[]) : undefined;
}

export function namesOf(value: Value | undefined): string[] | undefined {
    if (!isListValue(value)) return undefined;
    const names = value.items.map(nameOf);
    return names.every(n => n !== undefined) ? (names as string[]) : undefined;
}

/**
 * The distribution call a prior value stands for: an inline call, or the call a named prior
 * (through any chain of aliases) is declared with. Undefined for unresolved or cyclic names.
 */
export function priorCallOf(value: Value | undefined, seen = new Set<PriorDecl>()): Call | undefined {
    if (isCall(value)) return value;
    if (isNameValue(value)) {
        const target = value.target.ref;
        if (!isPriorDecl(target) || seen.has(target)) return undefined;
        seen.add(target);
        return priorCallOf(target.distribution, seen);
    }
    return undefined;
}
