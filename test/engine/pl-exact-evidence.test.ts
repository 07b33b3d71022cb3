import { beforeAll, describe, expect, it } from 'vitest';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import type { GatePrior, NigPrior, ParticleLearningSpec } from '../../packages/engine/src/plan/types.js';
import { filterFor } from '../../packages/engine/src/pl/chain.js';
import { particlePredictive } from '../../packages/engine/src/pl/predictive.js';
import { expertSummaries } from '../../packages/engine/src/pl/summaries.js';
import type { ParticleLearningResult } from '../../packages/engine/src/result/types.js';
import { plPlan, HORSESHOE, NORMAL_GATE } from './helpers/pl-fixtures.js';
import { allocationPrior, exactPosterior, mixtureMean, mixtureQuantile } from './helpers/exact-enumeration.js';

/**
 * The shipped particle-learning filter against the exact posterior of a small HS-MoE: K = 3
 * intercept-only Gaussian experts, one gate coordinate per stick, n = 9, by enumerating all 3^9
 * allocations (helpers/exact-enumeration.ts), for the N(0, 1) and the horseshoe gate prior.
 * Each filter run starts from its own prior draws (docs/method.md §2.2), so over R runs with
 * different algorithm seeds:
 * - Z-hat is unbiased: log mean Z-hat lies within 3 Monte Carlo standard errors of the exact
 *   log Z (delta method, se = sd(Z) / (sqrt(R) mean Z));
 * - the predictive of a new observation (mean, 5% and 95% quantiles, read off the filter's
 *   held-out summary) has a mean over runs within 3 standard errors (sd / sqrt(R)) of the exact
 *   value. A run's predictive is a weighted-particle (ratio) estimate with O(1/N) bias. Since
 *   Z-hat times the estimated mean is unbiased, that bias is -Cov(Z-hat / Z, estimate); over
 *   200 runs at N = 4000 it measured at most 3e-5 for all three quantities (a quantile adds an
 *   inversion bias of order sd^2 |f'/f| / 2, about 1e-5), against standard errors of 0.8e-3 to
 *   1.8e-3 at R = 20, so it is ignored.
 * The quadrature error of the exact values is below 1e-12 (helpers/exact-enumeration.ts), so
 * no allowance is added. The filter clamps horseshoe scales to [1e-6, 1e6] (docs/method.md §6.9):
 * that moves 1e-6 of prior mass to where the stick moments have reached their limits, far
 * below the Monte Carlo error.
 */
const y = [-2.1, 0.3, 1.9, -1.7, 2.4, 0.1, -2.5, 2.2, -0.2];
const K = 3;
const RUNS = 20;
const PARTICLES = 4000;

/** Intercept-only stream: every row has the design (1). */
function interceptData(name: string, values: number[]): Dataset {
    const n = values.length;
    return {
        name,
        n,
        d: 1,
        X: new Float64Array(n).fill(1),
        y: Float64Array.from(values),
        columns: ['(intercept)'],
        lines: new Int32Array(0),
        source: {
            kind: 'shift',
            n,
            inputs: 0,
            shiftAt: n,
            before: { coefficients: [0], variance: 1 },
            after: { coefficients: [0], variance: 1 },
            intercept: true,
            seed: 1
        },
        firstRow: 0
    };
}

const train = interceptData('train', y);
// Held-out rows share the design row (1), so each has the same predictive; their y differ.
const test = interceptData('test', [-2, 0.5, 3]);

interface Estimate {
    value: number;
    se: number;
}

/** Mean over runs and its standard error. */
function meanOverRuns(xs: number[]): Estimate {
    const R = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / R;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1);
    return { value: mean, se: Math.sqrt(variance / R) };
}

/** log of the mean of Z-hat over runs and its delta-method standard error, from log Z-hat. */
function logMeanZ(logZ: number[]): Estimate {
    const max = Math.max(...logZ);
    const z = meanOverRuns(logZ.map(l => Math.exp(l - max)));
    return { value: max + Math.log(z.value), se: z.se / z.value };
}

function expectWithin3Se(exact: number, estimate: Estimate): void {
    const z = (estimate.value - exact) / estimate.se;
    expect(
        Math.abs(z),
        `exact ${exact}, estimate ${estimate.value} +- ${estimate.se} (z = ${z.toFixed(2)})`
    ).toBeLessThan(3);
}

/**
 * Each gate prior without and with the resample-move step (a Gibbs sweep over every particle's
 * allocations, Polya-Gamma pseudo-data and gate after observations 3, 6 and 9): the move leaves
 * the posterior invariant, so Z-hat stays unbiased and the predictive unchanged.
 */
interface ExactSummary {
    logZ: number;
    usage: number[];
    mean: number;
    q05: number;
    q95: number;
}

/** The enumerated posterior of the 9 rows: evidence, usage, and the predictive's mean and 90% interval. */
function exactSummary(prior: NigPrior, gatePrior: GatePrior): ExactSummary {
    const posterior = exactPosterior(y, K, prior, allocationPrior(gatePrior, y.length + 1));
    const p = posterior.predictive;
    return {
        logZ: posterior.logZ,
        usage: posterior.usage,
        mean: mixtureMean(p),
        q05: mixtureQuantile(p, 0.05),
        q95: mixtureQuantile(p, 0.95)
    };
}

const cases: Array<[string, GatePrior, number]> = [
    ['normal(0, 1) gate prior', NORMAL_GATE, 0],
    ['horseshoe gate prior', HORSESHOE, 0],
    ['normal(0, 1) gate prior, resample-move every 3 observations', NORMAL_GATE, 3],
    ['horseshoe gate prior, resample-move every 3 observations', HORSESHOE, 3]
];

function gatePriors(): Array<[string, GatePrior]> {
    return [
        ['normal(0, 1) gate prior', NORMAL_GATE],
        ['horseshoe gate prior', HORSESHOE]
    ];
}

describe.each(cases)(
    'particle learning against exact enumeration (K = 3, n = 9), %s',
    (_, gatePrior, rejuvenateEvery) => {
        const plan = (seed: number) =>
            plPlan({
                K,
                d: 1,
                particles: PARTICLES,
                seed,
                gatePrior,
                intervals: [0.9],
                rejuvenateEvery,
                rejuvenateSchedule: 'every'
            });
        let exact: ExactSummary;
        let runs: ParticleLearningResult[];

        beforeAll(() => {
            exact = exactSummary(plan(0).experts.prior as NigPrior, gatePrior);
            runs = Array.from({ length: RUNS }, (_, r) => runParticleLearning(plan(100 + r), train, test, {}));
        });

        const point = (r: ParticleLearningResult) => r.predictive!.points[0];

        it('log of mean Z-hat within 3 standard errors of the exact log evidence', () => {
            expectWithin3Se(exact.logZ, logMeanZ(runs.map(r => r.logMarginalLikelihood)));
        });

        it('gives every held-out row the same predictive (one design row)', () => {
            for (const r of runs) {
                expect(r.predictive!.points).toHaveLength(test.n);
                for (const p of r.predictive!.points)
                    expect([p.mean, p.intervals]).toEqual([point(r).mean, point(r).intervals]);
            }
        });

        it('predictive mean within 3 standard errors of the exact posterior predictive mean', () => {
            expectWithin3Se(exact.mean, meanOverRuns(runs.map(r => point(r).mean)));
        });

        it('predictive 5% quantile within 3 standard errors of the exact one', () => {
            expectWithin3Se(exact.q05, meanOverRuns(runs.map(r => point(r).intervals['0.9'].lower)));
        });

        it('predictive 95% quantile within 3 standard errors of the exact one', () => {
            expectWithin3Se(exact.q95, meanOverRuns(runs.map(r => point(r).intervals['0.9'].upper)));
        });
    }
);

/**
 * The move kernel on its own: after the filter has seen all 9 rows, 25 more sweeps of the move.
 * A kernel that leaves the posterior invariant keeps it exact however often it is applied; one
 * that does not (say, a current expert's predictive that counts the row itself) drifts to its
 * own stationary law, which one sweep after a sound filter would hardly show. Checked on the
 * posterior mean usage of each expert label, E[n_k / n | y] (the move's path usage is the
 * Rao-Blackwellised sweep probabilities), and on the predictive.
 */
describe.each(gatePriors())(
    'the resample-move kernel keeps the exact posterior after 25 extra sweeps, %s',
    (_, gatePrior) => {
        const SWEEPS = 25;
        const plan = (seed: number) =>
            plPlan({ K, d: 1, particles: 1000, seed, gatePrior, intervals: [0.9], rejuvenateEvery: 3 });
        let exact: ExactSummary;
        let runs: Array<{ usage: number[]; mean: number; lower: number; upper: number }>;

        beforeAll(() => {
            exact = exactSummary(plan(0).experts.prior as NigPrior, gatePrior);
            runs = Array.from({ length: RUNS }, (_, r) => {
                const pl = plan(300 + r);
                const filter = filterFor(pl.inference as ParticleLearningSpec, pl, train, 300 + r);
                for (let t = 0; t < train.n; t++) filter.step(t, train.X, t, train.y[t]);
                for (let s = 0; s < SWEEPS; s++) filter.rejuvenate(train.n, train.X, train.y);
                const point = particlePredictive(filter, test, [0.9]).points[0];
                const usage = expertSummaries(filter, train.n).map(e => e.usage);
                return {
                    usage,
                    mean: point.mean,
                    lower: point.intervals['0.9'].lower,
                    upper: point.intervals['0.9'].upper
                };
            });
        });

        it('posterior mean usage of every expert within 3 standard errors of the exact one', () => {
            for (let k = 0; k < K; k++) expectWithin3Se(exact.usage[k], meanOverRuns(runs.map(r => r.usage[k])));
        });

        it('predictive mean, 5% and 95% quantiles within 3 standard errors of the exact ones', () => {
            expectWithin3Se(exact.mean, meanOverRuns(runs.map(p => p.mean)));
            expectWithin3Se(exact.q05, meanOverRuns(runs.map(p => p.lower)));
            expectWithin3Se(exact.q95, meanOverRuns(runs.map(p => p.upper)));
        });
    }
);
