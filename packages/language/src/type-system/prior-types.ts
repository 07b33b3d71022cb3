/**
 * Types of priors: which kind of quantity a prior value is a prior for (coefficients, a variance,
 * a scale, or shrinkage of gate coefficients), inferred through named priors and imports.
 */
import { isCall, isNameValue, isPriorDecl, type PriorDecl, type Value } from '../generated/ast.js';
import { lookupCallable } from '../catalogue/registry.js';
import { PRIOR_TYPE_LABELS, type PriorType } from '../catalogue/types.js';

export type InferredPriorType =
    | { kind: 'prior'; type: PriorType; distribution: string }
    | { kind: 'not-a-prior'; description: string }
    | { kind: 'unknown' };

export function inferPriorType(value: Value | undefined, seen = new Set<PriorDecl>()): InferredPriorType {
    if (value === undefined) return { kind: 'unknown' };
    if (isCall(value)) {
        const spec = lookupCallable(value.callee);
        if (!spec) return { kind: 'unknown' };
        return spec.priorType
            ? { kind: 'prior', type: spec.priorType, distribution: spec.name }
            : { kind: 'not-a-prior', description: `'${spec.name}' is not a distribution` };
    }
    if (isNameValue(value)) {
        const target = value.target.ref;
        if (!isPriorDecl(target) || seen.has(target)) return { kind: 'unknown' };
        seen.add(target);
        return inferPriorType(target.distribution, seen);
    }
    return { kind: 'not-a-prior', description: 'a literal value' };
}

export function describePriorTypes(types: readonly PriorType[]): string {
    return types.map(t => PRIOR_TYPE_LABELS[t]).join(' or ');
}
