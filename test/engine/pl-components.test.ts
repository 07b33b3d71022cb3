import { describe, expect, it } from 'vitest';
import { ParticleLearningFilter } from '../../packages/engine/src/pl/filter.js';
import { hsmoeSyn10x3, plPlan } from './helpers/pl-fixtures.js';

/**
 * The filter computes each expert block's Student-t predictive once per id, and when two
 * particles update blocks with the same id from the same observation it copies the first result.
 * Both rest on one invariant: (particle, expert) pairs with the same id hold bit-identical
 * blocks. Checked after every step of a run with resampling at every step (many copies).
 */
describe('shared expert blocks', () => {
    it('pairs with the same component id hold bit-identical expert blocks after every step', () => {
        const train = hsmoeSyn10x3(60, 11);
        const plan = plPlan({ particles: 200, sweepEvery: 5, seed: 4 });
        if (plan.inference.algorithm !== 'particle-learning' || plan.gate.type !== 'stick-breaking')
            throw new Error('bad plan');
        const f = new ParticleLearningFilter({
            particles: 200,
            d: train.d,
            experts: plan.experts,
            gatePrior: plan.gate.prior,
            hasIntercept: true,
            resampling: plan.inference.resampling,
            essThreshold: 1,
            refreshVisitedSticks: true,
            sweepEvery: 5,
            seed: 4,
            observations: train.n
        });
        const componentId = (f as unknown as { blocks: { id: Int32Array } }).blocks.id;
        const K = f.K;
        const size = f.layout.expertStride;
        let shared = 0;
        for (let t = 0; t < train.n; t++) {
            f.step(t, train.X, t * train.d, train.y[t]);
            const first = new Map<number, number>();
            for (let p = 0; p < componentId.length; p++) {
                const eo = Math.floor(p / K) * f.layout.stride + (p % K) * size;
                const seen = first.get(componentId[p]);
                if (seen === undefined) {
                    first.set(componentId[p], eo);
                    continue;
                }
                shared++;
                for (let q = 0; q < size; q++) {
                    if (!Object.is(f.state[eo + q], f.state[seen + q])) {
                        expect.fail(
                            `step ${t}: blocks at ${eo} and ${seen} share id ${componentId[p]} but differ at ${q}`
                        );
                    }
                }
            }
        }
        // The check must have had something to compare.
        expect(shared).toBeGreaterThan(1000);
    });
});
