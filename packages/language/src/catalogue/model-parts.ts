/** Expert families, gates and inference methods (docs/method.md §1-§2 and §5). */
import { SEED_TYPE, type CallableSpec } from './types.js';

const count = (min: number) => ({ kind: 'number', integer: true, min } as const);
const positive = { kind: 'number', min: 0, minExclusive: true } as const;

export const RESAMPLING_SCHEMES = ['multinomial', 'systematic', 'stratified', 'residual'] as const;
export const EM_INITIALIZATIONS = ['flat_mixture', 'random'] as const;

export const EXPERT_FAMILIES: readonly CallableSpec[] = [
    {
        name: 'gaussian', category: 'expert-family',
        doc: 'Gaussian linear-regression experts y = x\'beta_k + noise with the conjugate Normal-Inverse-Gamma prior '
            + '(docs/method.md §1.2): beta_k | sigma2_k ~ N(m0, sigma2_k V0), sigma2_k ~ IG(a0, b0). Particle learning carries '
            + 'their sufficient statistics; EM fits them by weighted least squares (the priors are then not used).',
        params: [
            { name: 'count', type: count(1), required: true,
                doc: 'Number of experts K. A mixture needs K >= 2; K = 1 is Bayesian linear regression (no gate).' },
            { name: 'coefficients', type: { kind: 'prior', accepts: ['coefficients'] },
                default: { call: 'normal', args: { mean: 0, variance: 10 } },
                doc: 'Prior of the coefficients given the noise variance: a normal (mean m0, variance V0 = variance * I).' },
            { name: 'variance', type: { kind: 'prior', accepts: ['variance'] },
                default: { call: 'inverse_gamma', args: { shape: 2, rate: 1 } },
                doc: 'Prior of each expert\'s noise variance: an inverse_gamma.' }
        ]
    },
    {
        name: 'bernoulli', category: 'expert-family',
        doc: 'Bernoulli (logistic-regression) experts for a 0/1 target, p(y = 1 | x) = sigmoid(x\'beta_k), fitted by '
            + 'particle learning through Polya-Gamma augmentation (docs/method.md §1.6).',
        params: [
            { name: 'count', type: count(1), required: true, doc: 'Number of experts K (>= 2 for a mixture).' },
            { name: 'coefficients', type: { kind: 'prior', accepts: ['coefficients'] },
                default: { call: 'normal', args: { mean: 0, variance: 10 } },
                doc: 'Prior of the coefficients: beta_k ~ N(mean, variance * I).' }
        ]
    }
];

const branches = { name: 'branches', type: count(1), required: true, doc: 'Number of branches (children) of this gate.' };

export const GATES: readonly CallableSpec[] = [
    {
        name: 'stick_breaking', category: 'gate',
        doc: 'Stick-breaking logistic gate with K - 1 sticks (docs/method.md §1.3): expert k takes the share '
            + 'sigmoid(psi_k) of what the earlier sticks left, psi_k = x\'phi_k. Conditionally Gaussian under Polya-Gamma '
            + 'augmentation, so particle learning can update it; the gate of HS-MoE.',
        params: [
            { name: 'prior', type: { kind: 'prior', accepts: ['shrinkage', 'coefficients'] },
                default: { call: 'horseshoe', args: {} },
                doc: 'Prior of the gate coefficients: a horseshoe (sparse: finds how many experts are needed) or a normal.' }
        ]
    },
    {
        name: 'softmax', category: 'gate', alsoIn: ['gate-level'],
        doc: 'Softmax gate: branch i gets weight proportional to exp(a_i\'x + b_i). As a whole gate, a one-level mixture of '
            + 'experts; inside `hierarchy`, one level of a two-level gate. Fitted by EM.',
        params: [branches]
    },
    {
        name: 'laplace', category: 'gate', alsoIn: ['gate-level'],
        doc: 'Laplace gate: branch i gets weight proportional to exp(-||a_i - x|| + b_i), a soft nearest-centre rule '
            + '(docs/method.md §5.1). As a whole gate, a one-level mixture of experts; inside `hierarchy`, one level. Fitted by EM.',
        params: [branches]
    },
    {
        name: 'hierarchy', category: 'gate',
        doc: 'Two-level gate of a hierarchical mixture of experts (docs/method.md §5.1): the outer gate splits the input space '
            + 'into branches, each branch\'s inner gate into leaves, one expert per leaf (count = outer x inner branches). '
            + 'Each level is softmax or laplace.',
        params: [
            { name: 'outer', type: { kind: 'gate-level' }, required: true, doc: 'The first level: `softmax(branches = B)` or `laplace(branches = B)`.' },
            { name: 'inner', type: { kind: 'gate-level' }, required: true, doc: 'The second level (same type in every branch).' }
        ]
    }
];

export const INFERENCE_METHODS: readonly CallableSpec[] = [
    {
        name: 'particle_learning', category: 'inference',
        doc: 'Particle learning (docs/method.md §2): a sequential Monte Carlo filter that carries each particle\'s sufficient '
            + 'statistics, resamples by the one-step predictive and propagates the allocation. Needs conjugate experts '
            + '(gaussian, or bernoulli via Polya-Gamma) and a stick-breaking gate. Gives the posterior and the log '
            + 'marginal likelihood in one pass over the data.',
        params: [
            { name: 'particles', type: count(1), default: 1000, doc: 'Number of particles N (>= 1).' },
            { name: 'resampling', type: { kind: 'symbol', values: RESAMPLING_SCHEMES }, default: 'systematic',
                doc: 'Resampling scheme: multinomial, systematic, stratified or residual (all unbiased; docs/method.md §2.7).' },
            { name: 'ess_threshold', type: { kind: 'number', min: 0, minExclusive: true, max: 1 }, default: 1,
                doc: 'Resample when the effective sample size falls below this fraction of N; in (0, 1]. 1 resamples at every '
                    + 'step (the particle-learning default).' },
            { name: 'refresh_visited', type: { kind: 'boolean' }, default: true,
                doc: 'Redraw the gate coefficients of the visited sticks after every observation.' },
            { name: 'sweep_every', type: count(1), default: 1,
                doc: 'Full horseshoe Gibbs sweep and redraw of all sticks every this many observations (>= 1).' },
            { name: 'chains', type: { kind: 'number', integer: true, min: 1, max: 256 }, default: 4,
                doc: 'Number of independent filters R (1-256), run in parallel and pooled by their evidence (the island '
                    + 'particle filter). Their agreement is checked: an SMC analogue of R-hat on label-matched usage, '
                    + 'experts used by one filter and not another, experts split over two labels. The log marginal '
                    + 'likelihood is the log of the mean of the filters\' Z-hat, with its Monte Carlo standard error.' },
            { name: 'rejuvenate_every', type: count(0), default: 0,
                doc: 'Resample-move (Gilks & Berzuini 2001): after this many observations, and then as '
                    + '`rejuvenate_schedule` says, a Gibbs sweep redraws each particle\'s past allocations, Polya-Gamma '
                    + 'pseudo-data and gate coefficients given the data seen so far, leaving the posterior invariant and '
                    + 'undoing early wrong splits. 0 (the default) turns it off. Gaussian experts; the data are at hand '
                    + '(a CSV file or a generator).' },
            { name: 'rejuvenate_schedule', type: { kind: 'symbol', values: ['doubling', 'every'] }, default: 'doubling',
                doc: 'When the moves come after the first: doubling (after m, 2m, 4m, ... observations; a sweep costs as '
                    + 'much as the rows seen so far, so all moves together cost about one more pass over the data) or every '
                    + '(after every m observations; cost grows with the square of the number of observations).' },
            { name: 'forgetting', type: { kind: 'number', min: 0, minExclusive: true, max: 1 }, default: 1,
                doc: 'Exponential forgetting factor lambda in (0, 1] for a stream whose regimes change (dynamic mixtures of '
                    + 'experts): before each observation every expert\'s data statistics (X\'X, X\'y, y\'y and the count) '
                    + 'and every stick\'s Polya-Gamma statistics are multiplied by lambda, so an observation s steps old '
                    + 'weighs lambda^s and the filter remembers about 1 / (1 - lambda) observations. The priors are not '
                    + 'discounted: the posterior is never flatter than the prior. 1 (the default) forgets nothing. The log '
                    + 'marginal likelihood is then the prequential (one-step-ahead) log score of this dynamic model, not '
                    + 'the evidence of a static one. Gaussian experts; not with rejuvenate_every, whose sweep rebuilds '
                    + 'undiscounted statistics. Costs a refactorisation of each expert\'s and stick\'s Cholesky factor per '
                    + 'observation (d^3 instead of d^2 per expert).' },
            { name: 'seed', type: SEED_TYPE, default: 1, doc: 'Seed of the filter\'s random streams.' }
        ]
    },
    {
        name: 'em', category: 'inference',
        doc: 'Maximum likelihood by (generalised) EM for hierarchical mixtures of experts (docs/method.md §5.3): responsibilities '
            + 'in log space, experts by weighted least squares, gates by monotone Newton or gradient steps, several starts '
            + 'screened by short runs and the best run on to convergence. Needs gaussian experts and softmax/laplace gates. '
            + 'With a standardised target, log-likelihoods, AIC/BIC and predictive densities are reported on the original '
            + 'scale (Jacobian included); coefficients stay on the standardised scale.',
        params: [
            { name: 'max_iterations', type: count(1), default: 1000,
                doc: 'Maximum number of EM iterations of a start, its screening iterations included (see restarts).' },
            { name: 'tolerance', type: positive, default: 1e-8,
                doc: 'Convergence: stop when the relative change in log-likelihood stays below this (> 0).' },
            { name: 'restarts', type: count(1), default: 10,
                doc: 'Number of starts. Every start first runs at most 40 EM iterations, stopping earlier if it converges. '
                    + 'The start with the highest log-likelihood then runs on, unless it has converged, to convergence or '
                    + 'max_iterations, and is the fit kept (should re-initialising an emptied expert leave it below another '
                    + 'start, that start runs on too). The others are screened out where the 40 iterations left them, not '
                    + 'run to their own optimum: the kept fit has the highest log-likelihood of the starts as reported, and a '
                    + 'screened start might have ended higher. The result lists every start\'s log-likelihood, iterations '
                    + 'and why it stopped (converged, screened, max-iterations).' },
            { name: 'initialization', type: { kind: 'symbol', values: EM_INITIALIZATIONS }, default: 'flat_mixture',
                doc: 'flat_mixture seeds one start from a fitted flat mixture (docs/method.md §5.3), the others are random; '
                    + 'random makes every start random.' },
            { name: 'seed', type: SEED_TYPE, default: 1, doc: 'Seed of the restarts\' random streams.' }
        ]
    }
];
