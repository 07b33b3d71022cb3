import { describe, expect, it } from 'vitest';
import { runEm } from '../../../packages/engine/src/hmoe/run-em.js';
import { hierarchicalDataset, ratesSource } from '../../../packages/engine/src/hmoe/synthetic.js';
import { leafAtoms, matchAtoms } from '../../../packages/engine/src/hmoe/estimation-error.js';
import { truthParams } from '../../../packages/engine/src/hmoe/truth.js';
import { gateInputs, newParams } from '../../../packages/engine/src/hmoe/model.js';
import { COMBINATIONS, emPlan } from './helpers.js';

/** Upper quantile of chi-square(k) by Wilson-Hilferty (accurate to ~1% for k >= 10). */
function chiSquareQuantile(k: number, z: number): number {
    const c = 2 / (9 * k);
    return k * (1 - c + z * Math.sqrt(c)) ** 3;
}

const N = 3000;

describe('recovery of a known HMoE (docs/method.md §5.5 truth, n = 3000)', () => {
    for (const [outer, inner] of COMBINATIONS) {
        it(`${outer}-${inner}`, () => {
            const source = ratesSource(outer, inner, N, 2026);
            const train = hierarchicalDataset(source);
            const result = runEm(
                emPlan(
                    train,
                    { gate: outer, branches: 2 },
                    { gate: inner, branches: 2 },
                    { restarts: 3, maxIterations: 400, tolerance: 1e-7, seed: 5 }
                ),
                train,
                undefined,
                {}
            );
            const truth = truthParams(source);
            if ('reason' in truth) throw new Error(truth.reason);
            const { Z } = gateInputs(train.X, N, train.d, true);
            const lTrue = result.estimationError!.trueLogLikelihood;

            // Likelihood: the MLE is at least as likely as the truth, and by Wilks 2(l_hat - l*) is
            // asymptotically chi-square with P degrees of freedom, so l_hat - l* above its 99.9%
            // quantile / 2 would mean a wrong optimum (or a wrong likelihood).
            expect(result.logLikelihood).toBeGreaterThanOrEqual(lTrue);
            expect(result.logLikelihood - lTrue).toBeLessThan(chiSquareQuantile(result.parameters, 3.09) / 2);

            // Experts, matched to the truth (label switching). Standard error of a coefficient of
            // a leaf with data share w: sqrt(nu / (n w v)), with v the variance of the inputs in its
            // region, taken as 1/12 (the variance of U on a half-width interval; the regions are
            // wider, so this overstates the error); the variance's SE is nu sqrt(2 / (n w)).
            // Tolerance: 6 standard errors.
            const shape = { ...truth.shape };
            const fitted = newParams(shape);
            result.experts.forEach((e, l) => {
                fitted.coefficients.set(e.coefficients, l * shape.d);
                fitted.variances[l] = e.variance;
            });
            result.gates.outer.weights.forEach((w, j) => {
                fitted.outer.weights.set(w, j * shape.p);
                fitted.outer.bias[j] = result.gates.outer.bias[j];
            });
            result.gates.inner.forEach((level, i1) =>
                level.weights.forEach((w, j) => {
                    fitted.inner[i1].weights.set(w, j * shape.p);
                    fitted.inner[i1].bias[j] = level.bias[j];
                })
            );
            const fittedAtoms = leafAtoms(shape, fitted, Z, N);
            const trueAtoms = leafAtoms(truth.shape, truth.params, Z, N);
            const match = matchAtoms(fittedAtoms, trueAtoms);
            trueAtoms.forEach((t, j) => {
                const f = fittedAtoms[match[j]];
                const nu = t.variance;
                const effective = N * t.mass;
                const coefTol = 6 * Math.sqrt(nu / (effective / 12));
                for (let u = 0; u < t.coefficients.length; u++) {
                    expect(Math.abs(f.coefficients[u] - t.coefficients[u])).toBeLessThan(coefTol);
                }
                expect(Math.abs(f.variance - nu)).toBeLessThan(6 * nu * Math.sqrt(2 / effective));
                // Data-averaged leaf mass: a binomial-like proportion, SE sqrt(w (1 - w) / n); 6 SE.
                expect(Math.abs(f.mass - t.mass)).toBeLessThan(6 * Math.sqrt((t.mass * (1 - t.mass)) / N));
            });
            expect(result.estimationError!.voronoiLoss).toBeLessThan(0.2);
        });
    }
});
