/**
 * What a position in the syntax tree expects, according to the catalogue: which category of
 * callable a call may name, and which parameter an argument gives.
 */
import { isArgument, isDataDecl, isExpertsDecl, isFitDecl, isGateDecl, isPriorDecl, isSplitPart, type Argument, type Call } from '../generated/ast.js';
import { lookupCallable, lookupParam } from './registry.js';
import type { Category, ParamSpec } from './types.js';

/** The category of callable expected where `call` stands, or undefined where no call belongs. */
export function calleeCategory(call: Call): Category | undefined {
    const container = call.$container;
    if (isPriorDecl(container)) return 'distribution';
    if (isDataDecl(container)) return 'source';
    if (isSplitPart(container)) return 'split';
    if (isExpertsDecl(container)) return 'expert-family';
    if (isGateDecl(container)) return 'gate';
    if (isFitDecl(container)) return 'inference';
    if (isArgument(container)) {
        const param = argumentParameter(container);
        if (param?.type.kind === 'prior') return 'distribution';
        if (param?.type.kind === 'gate-level') return 'gate-level';
    }
    return undefined;
}

/** The parameter an argument gives: by its name, or by its position among the positional ones. */
export function argumentParameter(argument: Argument): ParamSpec | undefined {
    const call = argument.$container;
    const spec = lookupCallable(call.callee);
    if (!spec) return undefined;
    if (argument.name !== undefined) return lookupParam(spec, argument.name);
    return spec.params.filter(p => p.positional)[positionalIndex(call, argument)];
}

/** Positions of a call's unnamed arguments, worked out once per call: looking each up anew was quadratic. */
const positionsByCall = new WeakMap<Call, Map<Argument, number>>();

function positionalIndex(call: Call, argument: Argument): number {
    let positions = positionsByCall.get(call);
    if (!positions) {
        positions = new Map();
        for (const a of call.arguments) {
            if (a.name === undefined) positions.set(a, positions.size);
        }
        positionsByCall.set(call, positions);
    }
    return positions.get(argument) ?? -1;
}
