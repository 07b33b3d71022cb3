/** All callables of the catalogue and lookups by name and category. */
import { DISTRIBUTIONS } from './distributions.js';
import { EXPERT_FAMILIES, GATES, INFERENCE_METHODS } from './model-parts.js';
import { SOURCES } from './sources.js';
import type { CallableSpec, Category, ParamSpec } from './types.js';

export const CATALOGUE: readonly CallableSpec[] = [...DISTRIBUTIONS, ...SOURCES, ...EXPERT_FAMILIES, ...GATES, ...INFERENCE_METHODS];

const byName = new Map(CATALOGUE.map(c => [c.name, c]));

export function lookupCallable(name: string): CallableSpec | undefined {
    return byName.get(name);
}

export function inCategory(spec: CallableSpec, category: Category): boolean {
    return spec.category === category || (spec.alsoIn?.includes(category) ?? false);
}

export function callablesIn(category: Category): CallableSpec[] {
    return CATALOGUE.filter(c => inCategory(c, category));
}

export function lookupParam(spec: CallableSpec, name: string): ParamSpec | undefined {
    return spec.params.find(p => p.name === name);
}
