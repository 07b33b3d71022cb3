/** Prior distributions (docs/method.md §1.2, §1.4). */
import type { CallableSpec } from './types.js';

const positive = { kind: 'number', min: 0, minExclusive: true } as const;

export const DISTRIBUTIONS: readonly CallableSpec[] = [
    {
        name: 'normal', category: 'distribution', priorType: 'coefficients',
        doc: 'Normal prior on regression or gate coefficients. For Gaussian experts it is the coefficient part of the '
            + 'conjugate Normal-Inverse-Gamma prior: beta | sigma2 ~ N(mean, sigma2 * variance * I), scaled by the '
            + 'expert\'s noise variance. For Bernoulli experts and as a gate prior (the non-sparse alternative to the '
            + 'horseshoe) it is N(mean, variance) on every coefficient.',
        params: [
            { name: 'mean', type: { kind: 'numbers', rank: 1, scalar: true }, default: 0,
                doc: 'Prior mean: one number for every coefficient, or a list with one entry per design column '
                    + '(intercept first) for expert coefficients.' },
            { name: 'variance', type: positive, default: 1,
                doc: 'Prior variance of each coefficient (for Gaussian experts, relative to the noise variance: V0 = variance * I).' }
        ]
    },
    {
        name: 'inverse_gamma', category: 'distribution', priorType: 'variance',
        doc: 'Inverse-gamma prior IG(shape, rate) on a variance, density proportional to x^(-shape-1) exp(-rate/x). '
            + 'The noise-variance part of the Gaussian experts\' Normal-Inverse-Gamma prior.',
        params: [
            { name: 'shape', type: positive, default: 2, doc: 'Shape a0 > 0.' },
            { name: 'rate', type: positive, default: 1, doc: 'Rate (scale) b0 > 0.' }
        ]
    },
    {
        name: 'half_cauchy', category: 'distribution', priorType: 'scale',
        doc: 'Half-Cauchy prior C+(0, scale) on a scale parameter; the horseshoe\'s global and local scales follow it.',
        params: [
            { name: 'scale', type: positive, default: 1, doc: 'Scale of the half-Cauchy, > 0.' }
        ]
    },
    {
        name: 'horseshoe', category: 'distribution', priorType: 'shrinkage',
        doc: 'Horseshoe shrinkage prior on gate coefficients: phi_kj ~ N(0, lambda_kj^2 tau^2) with one global scale tau '
            + 'shared by all sticks and one local scale lambda_kj per coefficient (docs/method.md §1.4). Most coefficients are '
            + 'shrunk to zero, so most experts go unused: the model finds how many experts the data need.',
        params: [
            { name: 'global', type: { kind: 'prior', accepts: ['scale'] }, default: { call: 'half_cauchy', args: { scale: 1 } },
                doc: 'Prior of the global scale tau, a half_cauchy.' },
            { name: 'local', type: { kind: 'prior', accepts: ['scale'] }, default: { call: 'half_cauchy', args: { scale: 1 } },
                doc: 'Prior of each local scale lambda_kj, a half_cauchy.' },
            { name: 'shrink_intercept', type: { kind: 'boolean' }, default: true,
                doc: 'Whether the intercept of each stick is shrunk too (docs/method.md §1.4, option 1; the sparsest usage).' }
        ]
    }
];
