/** Data sources: CSV files and the synthetic generators of docs/method.md §4.2 and §5.5. */
import { HMOE_RATES_TRUTH } from '@moe-studio/engine/plan';
import { SEED_TYPE, type CallableSpec, type ParamSpec } from './types.js';

const count = (min: number) => ({ kind: 'number', integer: true, min } as const);
const positive = { kind: 'number', min: 0, minExclusive: true } as const;
/** A standard deviation whose square (the variance the plan carries) is a finite, non-zero number. */
const standardDeviation = { kind: 'number', min: 1e-150, max: 1e150 } as const;
const anyNumber = { kind: 'number' } as const;
const seed: ParamSpec = {
    name: 'seed', type: SEED_TYPE, required: true,
    doc: 'Seed of the generator\'s random stream; the same seed gives the same data, bit for bit. Give the training and '
        + 'the held-out stream different seeds.'
};
const intercept: ParamSpec = {
    name: 'intercept', type: { kind: 'boolean' }, default: true,
    doc: 'Prepend a constant 1 to every design vector (the experts\' and gates\' intercept).'
};

export { HMOE_RATES_TRUTH };

export const SOURCES: readonly CallableSpec[] = [
    {
        name: 'csv', category: 'source',
        doc: 'A CSV file with a header line. The path is relative to the .moe file. One column is the target y, the '
            + 'listed columns are the inputs x (in that order in the design vector, after the intercept).',
        params: [
            { name: 'path', type: { kind: 'string' }, required: true, positional: true,
                doc: 'Path of the CSV file, relative to this .moe file.' },
            { name: 'target', type: { kind: 'column' }, required: true, doc: 'The column to predict (y).' },
            { name: 'inputs', type: { kind: 'columns' }, required: true, doc: 'The input columns (x), as a list: `[x1, x2]`.' },
            intercept,
            { name: 'standardize', type: { kind: 'boolean' }, default: false,
                doc: 'z-score the inputs with the mean and standard deviation of the training rows (held-out rows use the '
                    + 'training statistics). Recommended for real data with the default priors.' },
            { name: 'standardize_target', type: { kind: 'boolean' }, sameAs: 'standardize',
                doc: 'z-score the target too (with the training rows\' statistics).' }
        ]
    },
    {
        name: 'sparse_experts', category: 'source',
        doc: 'The sparse-experts generator of the HS-MoE experiment (docs/method.md §4.2, HSMOE-SYN-10x3): x ~ N(0, I), a '
            + 'softmax gate with logits (c_k + w_k\'x)/temperature whose active experts sit on a circle in the first two '
            + 'inputs, inactive experts with bias `inactive_bias`, and Gaussian linear experts.',
        params: [
            { name: 'experts', type: count(2), default: 10, doc: 'Number of experts K of the generating model.' },
            { name: 'active', type: count(1), default: 3, doc: 'Number s of active experts (s <= K).' },
            { name: 'n', type: count(1), required: true, doc: 'Number of observations.' },
            { name: 'inputs', type: count(2), default: 5, doc: 'Number of inputs p (the design has p + 1 columns with the intercept).' },
            { name: 'noise', type: standardDeviation, default: 0.5, doc: 'Noise standard deviation of the active experts.' },
            { name: 'inactive_noise', type: standardDeviation, default: 1, doc: 'Noise standard deviation of the inactive experts.' },
            { name: 'inactive_bias', type: anyNumber, default: -3, doc: 'Gate bias c_k of the inactive experts (very negative: rarely used).' },
            { name: 'temperature', type: positive, default: 0.7, doc: 'Temperature T of the generating softmax gate.' },
            intercept,
            seed
        ]
    },
    {
        name: 'hierarchical', category: 'source',
        doc: 'Two-level hierarchical mixture-of-experts generator (docs/method.md §5.5, HMOE-RATES): x ~ U[low, high]^p; the '
            + 'outer gate picks a branch, that branch\'s inner gate picks a leaf, and the leaf\'s Gaussian linear expert '
            + 'draws y. Defaults are the HMOE-RATES truth (2 x 2 experts, 2 inputs).',
        params: [
            { name: 'n', type: count(1), required: true, doc: 'Number of observations.' },
            { name: 'inputs', type: count(1), default: 2, doc: 'Number of inputs p.' },
            { name: 'low', type: anyNumber, default: -1, doc: 'Lower end of the uniform input range.' },
            { name: 'high', type: anyNumber, default: 1, doc: 'Upper end of the uniform input range (> low).' },
            { name: 'outer', type: { kind: 'symbol', values: ['softmax', 'laplace'] }, default: 'softmax',
                doc: 'Gate type of the outer level: softmax (score a\'x + b) or laplace (score -||a - x|| + b).' },
            { name: 'inner', type: { kind: 'symbol', values: ['softmax', 'laplace'], perBranch: true }, default: 'softmax',
                doc: 'Gate type of the inner level: one for every outer branch, or a list with one per outer branch '
                    + '(`[softmax, laplace]`).' },
            { name: 'outer_weights', type: { kind: 'numbers', rank: 2 }, default: HMOE_RATES_TRUTH.outerWeights,
                doc: 'Outer gate weights: one row of p numbers per outer branch.' },
            { name: 'outer_bias', type: { kind: 'numbers', rank: 1 }, default: HMOE_RATES_TRUTH.outerBias,
                doc: 'Outer gate biases: one per outer branch.' },
            { name: 'inner_weights', type: { kind: 'numbers', rank: 3 }, default: HMOE_RATES_TRUTH.innerWeights,
                doc: 'Inner gate weights: for each outer branch, one row of p numbers per leaf.' },
            { name: 'inner_bias', type: { kind: 'numbers', rank: 2 }, default: HMOE_RATES_TRUTH.innerBias,
                doc: 'Inner gate biases: for each outer branch, one per leaf.' },
            { name: 'coefficients', type: { kind: 'numbers', rank: 3 }, default: HMOE_RATES_TRUTH.coefficients,
                doc: 'Expert coefficients: for each outer branch and leaf, intercept first then one slope per input.' },
            { name: 'variances', type: { kind: 'numbers', rank: 2, positive: true }, default: HMOE_RATES_TRUTH.variances,
                doc: 'Expert noise variances: for each outer branch, one per leaf (> 0).' },
            intercept,
            seed
        ]
    },
    {
        name: 'shift', category: 'source',
        doc: 'A linear-Gaussian stream whose coefficients change abruptly at observation `shift_at` (rows before it use '
            + '`before`, rows from it on use `after`); x ~ N(0, I). For streaming models that must adapt.',
        params: [
            { name: 'n', type: count(1), required: true, doc: 'Number of observations.' },
            { name: 'inputs', type: count(1), default: 2, doc: 'Number of inputs p.' },
            { name: 'shift_at', type: count(0), required: true, doc: '0-based observation at which the coefficients change (< n).' },
            { name: 'before', type: { kind: 'numbers', rank: 1 }, required: true,
                doc: 'Coefficients before the shift: intercept first, then one per input (p + 1 numbers).' },
            { name: 'after', type: { kind: 'numbers', rank: 1 }, required: true,
                doc: 'Coefficients from the shift on: intercept first, then one per input (p + 1 numbers).' },
            { name: 'noise', type: standardDeviation, default: 0.5, doc: 'Noise standard deviation before the shift.' },
            { name: 'after_noise', type: standardDeviation, sameAs: 'noise', doc: 'Noise standard deviation from the shift on.' },
            intercept,
            seed
        ]
    },
    {
        name: 'rows', category: 'split',
        doc: 'Rows [start, end) of the split stream, 0-based over data rows (a CSV header is not a row).',
        params: [
            { name: 'start', type: count(0), required: true, positional: true, doc: 'First row (0-based, included).' },
            { name: 'end', type: count(1), required: true, positional: true, doc: 'Row after the last one (excluded); > start.' }
        ]
    }
];
