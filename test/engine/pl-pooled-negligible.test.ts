import { describe, expect, it } from 'vitest';
import { runChain } from '../../packages/engine/src/pl/chain.js';
import { pooledPredictive, predictiveAtRow, rowPredictives } from '../../packages/engine/src/pl/predictive.js';
import { centralInterval } from '../../packages/engine/src/predictive/mixture.js';
import { PooledPopulation } from '../../packages/engine/src/pl/population.js';
import { particleLayout } from '../../packages/engine/src/pl/particle-layout.js';
import { StickPrior } from '../../packages/engine/src/pl/stick-prior.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';
import { hsmoeSyn10x3, plPlan, HORSESHOE } from './helpers/pl-fixtures.js';

/**
 * The pooled held-out predictive leaves out a filter whose weight is below 1e-14 of the largest
 * only on rows where its contributions are provably below 1e-14 of the rest. Checked against the
 * pooled sums over every filter: (a) a light filter fitted to the same data, left out everywhere;
 * (b) a light filter (weight 1e-15) fitted to targets shifted by 10^4 and held-out targets shifted
 * too, where only the heavy filter's polynomial t tails reach: the light filter's density is
 * larger by far more than 1e15, so it must be scored (leaving it out would change the log
 * predictive density by tens). The plotted rows' interval end points, assembled from the
 * components the filters scored at the row, are checked against the mixture of the pooled
 * population (every particle weighed at the row) to the root-finder's tolerance.
 */
describe('pooled predictive with negligible filters', () => {
    const train = hsmoeSyn10x3(60, 5);
    const plan = plPlan({ particles: 40, seed: 3 });
    const prior = new StickPrior(HORSESHOE, 10, train.d, true);
    const layout = particleLayout(10, train.d, 'gaussian', prior.shrunk, prior.horseshoe);
    const population = (data: Dataset, chain: number) => {
        const out = runChain(plan, data, chain, {});
        return new PooledPopulation(layout, prior, 2, [{ state: out.state, W: out.W, weight: 1 }]);
    };
    const shifted = (data: Dataset): Dataset => ({ ...data, y: data.y.map(v => v + 1e4) });
    /** log sum_t log sum_r w_r p_r(y_t) and the RMSE of sum_r w_r mean_r, over every filter. */
    const everyFilter = (pops: PooledPopulation[], weights: number[], test: Dataset) => {
        const rows = pops.map(p => rowPredictives(p, test));
        let lpd = 0;
        let se = 0;
        for (let t = 0; t < test.n; t++) {
            const terms = rows.map((r, i) => Math.log(weights[i]) + r.logDensity[t]);
            const max = Math.max(...terms);
            lpd += max + Math.log(terms.reduce((a, l) => a + Math.exp(l - max), 0));
            const mean = rows.reduce((a, r, i) => a + weights[i] * r.mean[t], 0);
            se += (test.y[t] - mean) ** 2;
        }
        return { lpd, rmse: Math.sqrt(se / test.n) };
    };
    const pooledOf = (pops: PooledPopulation[], weights: number[]) =>
        new PooledPopulation(
            layout,
            prior,
            2,
            pops.map((p, i) => ({ state: p.state, W: p.W, weight: weights[i] }))
        );
    /** Largest |end point - the pooled population's| / sd over every row (all rows plotted). */
    const endPointError = (pops: PooledPopulation[], weights: number[], test: Dataset) => {
        const got = pooledPredictive(pops, weights, test, [0.5, 0.9], test.n);
        const at = predictiveAtRow(pooledOf(pops, weights));
        let worst = 0;
        for (const point of got.points) {
            const t = point.index!;
            const mix = at(test.X.subarray(t * test.d, (t + 1) * test.d))!;
            const sd = Math.sqrt(mix.variance);
            for (const level of [0.5, 0.9]) {
                const ref = centralInterval(mix, level);
                const iv = point.intervals[String(level)];
                worst = Math.max(worst, Math.abs(iv.lower - ref.lower) / sd, Math.abs(iv.upper - ref.upper) / sd);
            }
        }
        return { worst, points: got.points.length };
    };

    it('matches the sums over every filter when the light filter is left out (same data)', () => {
        const test = hsmoeSyn10x3(40, 6, 'test');
        const pops = [population(train, 0), population(train, 1)];
        const weights = [1, 1e-20];
        const got = pooledPredictive(pops, weights, test, [0.9]);
        const ref = everyFilter(pops, weights, test);
        expect(Math.abs(got.logPredictiveDensity - ref.lpd)).toBeLessThan(1e-12 * Math.abs(ref.lpd));
        expect(Math.abs(got.rmse - ref.rmse)).toBeLessThan(1e-12 * ref.rmse);
    });

    it('scores a light filter on the rows where its density dominates', () => {
        const test = shifted(hsmoeSyn10x3(40, 6, 'test'));
        const pops = [population(train, 0), population(shifted(train), 1)];
        const weights = [1, 1e-15];
        const got = pooledPredictive(pops, weights, test, [0.9]);
        const ref = everyFilter(pops, weights, test);
        const heavyOnly = everyFilter([pops[0]], [1], test);
        // The light filter matters here: without it the log predictive density is far lower.
        expect(ref.lpd - heavyOnly.lpd).toBeGreaterThan(10);
        expect(Math.abs(got.logPredictiveDensity - ref.lpd)).toBeLessThan(1e-12 * Math.abs(ref.lpd));
    });

    it("gives the pooled population's interval end points, light filter left out or scored", () => {
        // Two filters of comparable weight (both in every plotted mixture), then a light filter
        // scored only on the rows where its density dominates.
        const same = hsmoeSyn10x3(40, 6, 'test');
        const both = [population(train, 0), population(train, 1)];
        const a = endPointError(both, [0.7, 0.3], same);
        expect(a.points).toBe(same.n);
        // Two root-findings to 1e-10 sd each, on mixtures equal up to rounding.
        expect(a.worst).toBeLessThan(3e-10);
        const test = shifted(same);
        const b = endPointError([population(train, 0), population(shifted(train), 1)], [1, 1e-15], test);
        expect(b.worst).toBeLessThan(3e-10);
    });
});
