/**
 * The range of each gate input as the model sees it, known from the plan alone: generators
 * declare their input distribution, and standardised CSV inputs are z-scores. Used to draw
 * gating probabilities against an input; undefined where only the data could tell.
 */
import type { ExecutionPlan, SourceSpec } from '@moe-studio/engine/plan';
import type { InputRange } from '../shared/messages.js';

/** Standard normal inputs: ±3 holds 99.7% of them. */
const standardNormal: InputRange = { min: -3, max: 3, mean: 0 };

export function sourceInputRanges(source: SourceSpec): InputRange[] | undefined {
    switch (source.kind) {
        case 'hierarchical': {
            const { low, high } = source.inputRange;
            return Array.from({ length: source.inputs }, () => ({ min: low, max: high, mean: (low + high) / 2 }));
        }
        case 'sparse-experts':
        case 'shift':
            return Array.from({ length: source.inputs }, () => standardNormal);
        case 'csv':
            return source.standardize ? source.inputs.map(() => standardNormal) : undefined;
    }
}

/** Whether the plan z-scores its inputs and its target (CSV data only). */
export function planStandardization(plan: ExecutionPlan): { inputs: boolean; target: boolean } {
    const source = plan.data.train.source;
    return source.kind === 'csv'
        ? { inputs: source.standardize, target: source.standardizeTarget }
        : { inputs: false, target: false };
}

export function planInputRanges(plan: ExecutionPlan): InputRange[] | undefined {
    return sourceInputRanges(plan.data.train.source);
}
