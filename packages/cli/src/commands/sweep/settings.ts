/**
 * `moe sweep --set KEY=V1,V2,... --seeds A..B`: which settings a sweep may vary, how their
 * values are read, and whether a setting applies to a plan. Every problem is a one-line usage
 * error (exit 2) that names the key and what is allowed.
 */
import type { ExecutionPlan, GatePrior } from '@moe-studio/engine';
import { MAX_CHAINS, usageError } from '../run/load-plan.js';

/** One swept key and the values it takes, in the order given (duplicates removed). */
export interface Setting {
    key: SweepKey;
    values: string[];
}

export const SWEEP_KEYS = ['particles', 'chains', 'rejuvenate_every', 'restarts', 'gate.prior'] as const;
export type SweepKey = (typeof SWEEP_KEYS)[number];

interface KeyRule {
    /** Which models the key applies to, for the error message. */
    appliesTo: string;
    allowed: string;
    valid(value: string): boolean;
    applies(plan: ExecutionPlan): boolean;
    apply(plan: ExecutionPlan, value: string): ExecutionPlan;
}

const integerIn =
    (min: number, max = Number.MAX_SAFE_INTEGER) =>
    (text: string) => {
        const value = /^\d+$/.test(text) ? Number(text) : NaN;
        return Number.isSafeInteger(value) && value >= min && value <= max;
    };
const isPl = (plan: ExecutionPlan) => plan.inference.algorithm === 'particle-learning';
const withInference = (plan: ExecutionPlan, field: string, value: number): ExecutionPlan => ({
    ...plan,
    inference: { ...plan.inference, [field]: value } as ExecutionPlan['inference']
});

/** hs: horseshoe with unit half-Cauchy scales and a shrunk intercept; normal: N(0, 1). */
export const GATE_PRIORS: Record<string, GatePrior> = {
    hs: { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true },
    normal: { kind: 'normal', mean: 0, variance: 1 }
};

const RULES: Record<SweepKey, KeyRule> = {
    particles: {
        appliesTo: 'particle-learning models',
        allowed: 'positive integers',
        valid: integerIn(1),
        applies: isPl,
        apply: (plan, v) => withInference(plan, 'particles', Number(v))
    },
    chains: {
        appliesTo: 'particle-learning models',
        allowed: `integers from 1 to ${MAX_CHAINS}`,
        valid: integerIn(1, MAX_CHAINS),
        applies: isPl,
        apply: (plan, v) => withInference(plan, 'chains', Number(v))
    },
    rejuvenate_every: {
        appliesTo: 'particle-learning models',
        allowed: 'non-negative integers (0 turns the moves off)',
        valid: integerIn(0),
        applies: isPl,
        apply: (plan, v) => withInference(plan, 'rejuvenateEvery', Number(v))
    },
    restarts: {
        appliesTo: 'EM models',
        allowed: 'positive integers',
        valid: integerIn(1),
        applies: plan => plan.inference.algorithm === 'em',
        apply: (plan, v) => withInference(plan, 'restarts', Number(v))
    },
    'gate.prior': {
        appliesTo: 'particle-learning models with a stick-breaking gate',
        allowed: 'hs or normal',
        valid: v => Object.hasOwn(GATE_PRIORS, v),
        applies: plan => isPl(plan) && plan.gate.type === 'stick-breaking',
        apply: (plan, v) => ({ ...plan, gate: { type: 'stick-breaking', prior: { ...GATE_PRIORS[v]! } } })
    }
};

const isKey = (key: string): key is SweepKey => (SWEEP_KEYS as readonly string[]).includes(key);

/** Parse the --set options (before the model is loaded); 2 after printing a usage error. */
export function parseSettings(sets: readonly string[]): Setting[] | 2 {
    const settings: Setting[] = [];
    for (const text of sets) {
        const eq = text.indexOf('=');
        const key = eq < 0 ? text : text.slice(0, eq);
        if (!isKey(key))
            return usageError(`--set ${text}: unknown key '${key}'; allowed keys: ${SWEEP_KEYS.join(', ')}`);
        if (eq < 0) return usageError(`--set ${text}: expected ${key}=V1,V2,... (${RULES[key].allowed})`);
        if (settings.some(s => s.key === key))
            return usageError(`--set ${key}: given twice; list all its values in one --set ${key}=V1,V2,...`);
        const values = text
            .slice(eq + 1)
            .split(',')
            .map(v => v.trim());
        const bad = values.find(v => !RULES[key].valid(v));
        if (bad !== undefined)
            return usageError(`--set ${key}: '${bad}' is not allowed; ${key} takes ${RULES[key].allowed}`);
        settings.push({ key, values: [...new Set(values)] });
    }
    return settings;
}

/** Check every swept key means something for this plan; 2 after printing a usage error. */
export function checkSettingsApply(plan: ExecutionPlan, settings: readonly Setting[]): true | 2 {
    for (const { key } of settings) {
        if (!RULES[key].applies(plan)) {
            const what =
                plan.inference.algorithm === 'em'
                    ? 'fitted by EM'
                    : plan.gate.type === 'stick-breaking'
                      ? 'fitted by particle learning'
                      : 'fitted by particle learning without a stick-breaking gate';
            return usageError(`--set ${key}: applies only to ${RULES[key].appliesTo}; this model is ${what}`);
        }
    }
    return true;
}

/** The plan with one value of each swept key applied. */
export function applySetting(plan: ExecutionPlan, choice: Readonly<Partial<Record<SweepKey, string>>>): ExecutionPlan {
    let out = plan;
    for (const key of SWEEP_KEYS) {
        const value = choice[key];
        if (value !== undefined) out = RULES[key].apply(out, value);
    }
    return out;
}

/**
 * --seeds A..B (inclusive; empty when B < A) or a comma list; undefined when not given (the
 * plan's seed). 2 after printing a usage error.
 */
export function parseSeeds(text: string | undefined): { seeds?: number[] } | 2 {
    if (text === undefined) return {};
    const isSeed = (s: string) => /^\d+$/.test(s) && Number.isSafeInteger(Number(s));
    const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
    if (range) {
        if (!isSeed(range[1]!) || !isSeed(range[2]!))
            return usageError(`--seeds ${text}: seeds are non-negative integers`);
        const [a, b] = [Number(range[1]), Number(range[2])];
        if (b - a >= 100_000) return usageError(`--seeds ${text}: at most 100000 seeds`);
        return { seeds: Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i) };
    }
    const list = text.split(',').map(s => s.trim());
    if (list.some(s => !isSeed(s)))
        return usageError(`--seeds ${text}: expected A..B or a comma list of non-negative integers`);
    return { seeds: [...new Set(list.map(Number))] };
}
