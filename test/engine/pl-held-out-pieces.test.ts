/**
 * The held-out predictive in pieces (what the worker pool computes, parallel/held-out-task.ts):
 * rows scored over any cut of the stream equal the rows scored at once, and the pooled
 * predictive given those rows equals the pooled predictive that scores them itself, bit for bit,
 * plotted rows' interval end points included. Rows of the wrong length are refused.
 */
import { describe, expect, it } from 'vitest';
import { runChain } from '../../packages/engine/src/pl/chain.js';
import { pooledPredictive, rowPredictives, weighingFilters } from '../../packages/engine/src/pl/predictive.js';
import { PooledPopulation } from '../../packages/engine/src/pl/population.js';
import { particleLayout } from '../../packages/engine/src/pl/particle-layout.js';
import { StickPrior } from '../../packages/engine/src/pl/stick-prior.js';
import { hsmoeSyn10x3, plPlan, HORSESHOE } from './helpers/pl-fixtures.js';

describe('held-out predictive in pieces', () => {
    const train = hsmoeSyn10x3(80, 5);
    const test = hsmoeSyn10x3(70, 6, 'test');
    const plan = plPlan({ particles: 40, seed: 3 });
    const prior = new StickPrior(HORSESHOE, 10, train.d, true);
    const layout = particleLayout(10, train.d, 'gaussian', prior.shrunk, prior.horseshoe);
    const pops = [0, 1, 2].map(chain => {
        const out = runChain(plan, train, chain, {});
        return new PooledPopulation(layout, prior, 2, [{ state: out.state, W: out.W, weight: 1 }]);
    });

    it('scores any cut of the rows as it scores them at once', () => {
        const once = rowPredictives(pops[0], test);
        // Cuts inside and across the 16-row blocks the gate is weighed in.
        for (const cuts of [
            [0, 70],
            [0, 1, 70],
            [0, 17, 33, 70],
            [0, 5, 6, 40, 69, 70]
        ]) {
            const pieces = cuts.slice(0, -1).map((from, p) => rowPredictives(pops[0], test, from, cuts[p + 1]));
            for (const field of ['cdf', 'logDensity', 'mean'] as const) {
                const joined = Float64Array.from(pieces.flatMap(piece => [...piece[field]]));
                expect(joined).toEqual(once[field]);
            }
        }
    });

    it.each([0, 70])('pools given rows as it pools rows it scores (%s plotted rows)', points => {
        const weights = [0.5, 0.3, 0.2];
        const own = pooledPredictive(pops, weights, test, [0.5, 0.9], points);
        const given = pops.map((p, r) => (weighingFilters(weights)[r] ? rowPredictives(p, test) : undefined));
        expect(pooledPredictive(pops, weights, test, [0.5, 0.9], points, given)).toEqual(own);
        expect(own.points).toHaveLength(points);
    });

    it('uses the given rows', () => {
        const weights = [0.5, 0.3, 0.2];
        const given = pops.map(p => rowPredictives(p, test));
        given[1].logDensity[3] += 1;
        const own = pooledPredictive(pops, weights, test, [0.9], 0);
        expect(pooledPredictive(pops, weights, test, [0.9], 0, given).logPredictiveDensity).not.toBe(
            own.logPredictiveDensity
        );
    });

    it('refuses rows of another length', () => {
        const given = pops.map(p => rowPredictives(p, test, 0, 69));
        expect(() => pooledPredictive(pops, [0.5, 0.3, 0.2], test, [0.9], 0, given)).toThrow(/69 scored rows for 70/);
    });
});
