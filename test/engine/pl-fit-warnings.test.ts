/**
 * A particle-learning fit warns when the data are far from the scale its priors assume (inputs
 * and target at 1e-8 or 1e8, where the noise prior IG(2, 1) dominates the reported variances)
 * and when its ESS collapses; a well-scaled fit gets neither warning.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '@moe-studio/engine';
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { COLLAPSED_ESS, COLLAPSED_SHARE, SCALE_FACTOR } from '../../packages/engine/src/pl/fit-warnings.js';
import { linearRegressionData, plPlan } from './helpers/pl-fixtures.js';

/** The data with inputs multiplied by `inputs` and the target by `target`. */
function scaled(data: Dataset, inputs: number, target: number): Dataset {
    const X = Float64Array.from(data.X, (v, i) => (i % data.d === 0 ? v : v * inputs));
    return { ...data, X, y: Float64Array.from(data.y, v => v * target) };
}

const plan = () =>
    plPlan({ K: 2, d: 3, particles: 100, seed: 11, gatePrior: { kind: 'normal', mean: 0, variance: 1 } });
const scaleWarning = (w: string) => w.includes('standardize = true');
const collapseWarning = (w: string) => w.includes('effective sample size fell below');

describe('fit warnings', () => {
    it('stays silent on a well-scaled fit', () => {
        const r = runParticleLearning(plan(), linearRegressionData(300, 1, [0.5, 1, -1], 0.5), undefined, {});
        expect(r.warnings.filter(scaleWarning)).toEqual([]);
        expect(r.warnings.filter(collapseWarning)).toEqual([]);
        // ...and not by a hair: the data sit well inside the factor and the ESS well above the floor.
        expect(r.chains[0].minEss).toBeGreaterThan(COLLAPSED_ESS * 100);
    });

    it.each([
        ['tiny', 1e-8],
        ['huge', 1e8]
    ])('warns about inputs and target at a %s scale (%d), naming the fix', (_, factor) => {
        const r = runParticleLearning(
            plan(),
            scaled(linearRegressionData(300, 1, [0.5, 1, -1], 0.5), factor, factor),
            undefined,
            {}
        );
        const scale = r.warnings.filter(scaleWarning);
        expect(scale).toHaveLength(2);
        expect(scale[0]).toMatch(/target's variance .* noise prior's scale/);
        expect(scale[1]).toMatch(/inputs 'x1' \(sd .*\), 'x2'/);
    });

    it('warns about the target alone when only it is off by more than the factor', () => {
        const r = runParticleLearning(
            plan(),
            scaled(linearRegressionData(300, 1, [0.5, 1, -1], 0.5), 1, Math.sqrt(SCALE_FACTOR) * 4),
            undefined,
            {}
        );
        expect(r.warnings.filter(scaleWarning)).toHaveLength(1);
        expect(r.warnings.filter(scaleWarning)[0]).toContain("target's variance");
    });

    it('warns when the ESS stays collapsed, with its share of the steps', () => {
        // Resampling only below 1% of N lets the weights degenerate between resamplings: the ESS
        // then sits below 5% of N for long stretches (39 of the 300 steps with this seed).
        const p = plPlan({
            K: 2,
            d: 3,
            particles: 200,
            seed: 11,
            essThreshold: 0.01,
            gatePrior: { kind: 'normal', mean: 0, variance: 1 }
        });
        const r = runParticleLearning(p, linearRegressionData(300, 1, [0.5, 1, -1], 0.5), undefined, {});
        const collapse = r.warnings.filter(collapseWarning);
        expect(collapse).toHaveLength(1);
        const share = Number(/at ([\d.]+)% of the observations/.exec(collapse[0])![1]) / 100;
        expect(share).toBeGreaterThan(COLLAPSED_SHARE);
        expect(r.warnings.filter(scaleWarning)).toEqual([]);
    });
});
