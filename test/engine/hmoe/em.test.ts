import { describe, expect, it } from 'vitest';
import { PlanError } from '../../../packages/engine/src/errors.js';
import { emIterate, fitHmoe } from '../../../packages/engine/src/hmoe/fit-em.js';
import {
    groupLeaves,
    paramsFromResponsibilities,
    randomPartition,
    rankGroupings
} from '../../../packages/engine/src/hmoe/initialise.js';
import { runEm } from '../../../packages/engine/src/hmoe/run-em.js';
import { hierarchicalDataset, ratesSource } from '../../../packages/engine/src/hmoe/synthetic.js';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { COMBINATIONS, datasetFrom, emPlan, mcycle, problemOf } from './helpers.js';

/** Largest relative decrease l_t - l_{t+1} over |l_t| along a trace (0 when it never decreases). */
function worstDecrease(trace: number[]): number {
    let worst = 0;
    for (let t = 1; t < trace.length; t++) worst = Math.max(worst, (trace[t - 1] - trace[t]) / Math.abs(trace[t - 1]));
    return worst;
}

describe('EM never decreases the log-likelihood', () => {
    const data = hierarchicalDataset(ratesSource('softmax', 'softmax', 600, 41));
    for (const [outer, inner] of COMBINATIONS) {
        it(`${outer}-${inner}: every iteration of 2 random starts, 2 x 3 experts`, () => {
            const problem = problemOf(data, 2, 3, outer, inner);
            for (let r = 0; r < 2; r++) {
                const rng = Rng.stream(r, 'monotone');
                const start = paramsFromResponsibilities(problem, randomPartition(problem, rng), rng);
                const fit = emIterate(problem, start, {
                    maxIterations: 100,
                    tolerance: 0,
                    restarts: 1,
                    initialization: 'random',
                    seed: r
                });
                expect(fit.reinitialisedAt).toEqual([]);
                expect(fit.logLikelihoods.length).toBe(101);
                expect(worstDecrease(fit.logLikelihoods)).toBeLessThanOrEqual(1e-9);
            }
        });
    }

    it('on the standardised motorcycle data, every combination', () => {
        const { all } = mcycle();
        for (const [outer, inner] of COMBINATIONS) {
            const fit = fitHmoe(problemOf(all, 2, 2, outer, inner), {
                maxIterations: 300,
                tolerance: 0,
                restarts: 2,
                initialization: 'flat-mixture',
                seed: 3
            });
            for (const restart of fit.restarts) {
                if (restart.reinitialisedAt.length > 0) continue;
                expect(worstDecrease(restart.logLikelihoods)).toBeLessThanOrEqual(1e-9);
            }
        }
    });
});

describe('runEm on the motorcycle data', () => {
    it('beats a single linear regression in held-out log predictive density by a wide margin', () => {
        const { train, test } = mcycle();
        const hmoe = runEm(
            emPlan(train, { gate: 'softmax', branches: 2 }, { gate: 'softmax', branches: 2 }, { restarts: 5 }),
            train,
            test,
            {}
        );
        const linear = runEm(
            emPlan(train, { gate: 'softmax', branches: 1 }, { gate: 'softmax', branches: 1 }, { restarts: 1 }),
            train,
            test,
            {}
        );
        // A straight line explains little of the acceleration curve (R^2 ~ 0.1), so its mean log
        // predictive density on the standardised scale is at best -0.5 log(2 pi e 0.9) = -1.37
        // (seen: -1.53); the piecewise-linear fit with input-dependent noise has residual
        // variance well under half of that (seen: -0.59). A gain of 0.4 nats per held-out observation (13 nats over 33 points) is the
        // "wide margin" demanded; it corresponds to a predictive variance ratio e^0.8 ~ 2.2.
        expect(linear.predictive!.meanLogPredictiveDensity).toBeLessThan(-1.2);
        const gain = hmoe.predictive!.meanLogPredictiveDensity - linear.predictive!.meanLogPredictiveDensity;
        expect(gain).toBeGreaterThan(0.4);
        expect(hmoe.predictive!.rmse).toBeLessThan(linear.predictive!.rmse);
        expect(hmoe.predictive!.observations).toBe(test.n);
    });

    it('reports consistent AIC, BIC, responsibilities and shares, and is deterministic', () => {
        const { train } = mcycle();
        const plan = emPlan(
            train,
            { gate: 'laplace', branches: 2 },
            { gate: 'softmax', branches: 2 },
            { restarts: 3, seed: 9 }
        );
        const a = runEm(plan, train, undefined, {});
        const b = runEm(plan, train, undefined, {});
        const strip = (r: typeof a) => ({ ...r, timing: undefined });
        expect(JSON.stringify(strip(a))).toBe(JSON.stringify(strip(b)));
        expect(a.aic).toBeCloseTo(-2 * a.logLikelihood + 2 * a.parameters, 9);
        expect(a.bic).toBeCloseTo(-2 * a.logLikelihood + a.parameters * Math.log(train.n), 9);
        // 4 experts x (2 coefficients + variance) + Laplace outer (2 centres + 1 bias) + 2 softmax inner (2 each).
        expect(a.parameters).toBe(4 * 3 + 3 + 2 * 2);
        expect(a.responsibilities.length).toBe(train.n);
        for (const row of a.responsibilities) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        expect(a.experts.reduce((s, e) => s + e.share, 0)).toBeCloseTo(1, 12);
        expect(a.logLikelihoodTrace[a.logLikelihoodTrace.length - 1]).toBeCloseTo(a.logLikelihood, 9);
        expect(Math.max(...a.restarts.map(r => r.logLikelihood))).toBeCloseTo(a.logLikelihood, 9);
        const c = runEm({ ...plan, inference: { ...plan.inference, seed: 10 } }, train, undefined, {});
        expect(JSON.stringify(c.restarts)).not.toBe(JSON.stringify(a.restarts));
    });
});

describe('degenerate cases', () => {
    const rng = Rng.stream(1, 'degenerate');
    const xs = Array.from({ length: 200 }, () => 2 * rng.uniform() - 1);

    it('collinear inputs: fits, finite, and says so', () => {
        const ys = xs.map(x => (x > 0 ? 1 + 2 * x : -1 - x) + 0.1 * rng.normal());
        const data = datasetFrom(
            'collinear',
            xs.map(x => [x, 2 * x]),
            ys,
            ['x', 'twice_x']
        );
        const result = runEm(
            emPlan(data, { gate: 'softmax', branches: 1 }, { gate: 'softmax', branches: 2 }),
            data,
            undefined,
            {}
        );
        expect(Number.isFinite(result.logLikelihood)).toBe(true);
        expect(result.warnings.some(w => w.includes('collinear'))).toBe(true);
        // The identified combination x + 2 twice_x of each expert is still estimated.
        for (const e of result.experts) expect(e.coefficients.every(Number.isFinite)).toBe(true);
    });

    it('constant target: variance floor, finite log-likelihood, a warning', () => {
        const data = datasetFrom(
            'constant',
            xs.map(x => [x]),
            xs.map(() => 3),
            ['x']
        );
        const result = runEm(
            emPlan(data, { gate: 'laplace', branches: 2 }, { gate: 'laplace', branches: 2 }, { restarts: 2 }),
            data,
            undefined,
            {}
        );
        expect(Number.isFinite(result.logLikelihood)).toBe(true);
        expect(result.warnings.some(w => w.includes('constant'))).toBe(true);
        for (const e of result.experts) expect(e.variance).toBeCloseTo(1e-6 * 9, 12);
    });

    it('more experts than the data support: an empty expert is re-initialised, not crashed on', () => {
        // One straight line fitted with 3 x 3 experts: most leaves have nothing to explain.
        const data = datasetFrom(
            'line',
            xs.map(x => [x]),
            xs.map(x => 1 + x + 0.05 * rng.normal()),
            ['x']
        );
        const result = runEm(
            emPlan(
                data,
                { gate: 'softmax', branches: 3 },
                { gate: 'softmax', branches: 3 },
                { restarts: 2, maxIterations: 300 }
            ),
            data,
            undefined,
            {}
        );
        expect(Number.isFinite(result.logLikelihood)).toBe(true);
        expect(result.experts.every(e => Number.isFinite(e.variance) && e.variance > 0)).toBe(true);
    });

    it('an expert whose gate weight vanishes is re-initialised and takes data again', () => {
        const data = hierarchicalDataset(ratesSource('softmax', 'softmax', 800, 12));
        const problem = problemOf(data, 2, 2, 'softmax', 'softmax');
        const rng = Rng.stream(4, 'empty');
        const start = paramsFromResponsibilities(problem, randomPartition(problem, rng), rng);
        start.inner[0].bias[0] = -800; // leaf (1, 1) gets g = e^-800 = 0 in double precision
        const fit = emIterate(problem, start, {
            maxIterations: 60,
            tolerance: 0,
            restarts: 1,
            initialization: 'random',
            seed: 0
        });
        expect(fit.reinitialisedAt[0]).toBe(1);
        expect(fit.logLikelihoods.every(Number.isFinite)).toBe(true);
        expect(fit.params.inner[0].bias[0]).toBeGreaterThan(-800);
        // Monotone again after the re-initialisation.
        expect(worstDecrease(fit.logLikelihoods.slice(2))).toBeLessThanOrEqual(1e-9);
    });

    it('fewer observations than parameters: a PlanError that says so', () => {
        const small = datasetFrom(
            'small',
            xs.slice(0, 10).map(x => [x]),
            xs.slice(0, 10),
            ['x']
        );
        expect(() =>
            runEm(
                emPlan(small, { gate: 'softmax', branches: 2 }, { gate: 'softmax', branches: 2 }),
                small,
                undefined,
                {}
            )
        ).toThrow(PlanError);
        expect(() =>
            runEm(
                emPlan(small, { gate: 'softmax', branches: 2 }, { gate: 'softmax', branches: 2 }),
                small,
                undefined,
                {}
            )
        ).toThrow(/10 observations but the model has 18 free parameters/);
    });
});

describe('leaf groupings for the flat-mixture start', () => {
    // Six leaves on a line in two tight clusters: {0, 1, 2} near 0 and {3, 4, 5} near 10.
    const features = [0, 0.1, 0.2, 10, 10.1, 10.2].map(v => Float64Array.of(v));
    const scatter = (order: number[]): number => {
        let total = 0;
        for (const group of [order.slice(0, 3), order.slice(3)]) {
            for (let a = 0; a < 3; a++)
                for (let b = a + 1; b < 3; b++) total += (features[group[a]][0] - features[group[b]][0]) ** 2 / 3;
        }
        return total;
    };
    it('ranks all 10 balanced 2 x 3 groupings by within-group scatter, the clusters first', () => {
        const ranked = rankGroupings(features, 2, 3, 100);
        expect(ranked).toHaveLength(10);
        expect(
            new Set(
                ranked.map(o =>
                    [o.slice(0, 3), o.slice(3)]
                        .map(g => [...g].sort().join(''))
                        .sort()
                        .join('|')
                )
            ).size
        ).toBe(10);
        for (let r = 1; r < ranked.length; r++)
            expect(scatter(ranked[r])).toBeGreaterThanOrEqual(scatter(ranked[r - 1]));
        expect(ranked[0]).toEqual([0, 1, 2, 3, 4, 5]);
        expect(groupLeaves(features, 2, 3)).toEqual(ranked[0]);
        expect(rankGroupings(features, 2, 3, 3)).toEqual(ranked.slice(0, 3));
    });
});
