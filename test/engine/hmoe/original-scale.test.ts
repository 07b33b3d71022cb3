/**
 * EM on a z-scored target reports densities on the data's original scale. The reference is
 * computed here without the engine: the fitted z-scale model is mapped to a model of the raw
 * motorcycle data (acceleration in g against time in ms) and its mixture density is evaluated
 * on the raw rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../packages/engine/src/data/dataset.js';
import { loadStream } from '../../../packages/engine/src/data/load-stream.js';
import type { CsvSource, GateKind } from '../../../packages/engine/src/plan/types.js';
import type { EmGateLevelFit, EmResult } from '../../../packages/engine/src/result/types.js';
import { LAPLACE_EPS } from '../../../packages/engine/src/hmoe/gates.js';
import { runEm } from '../../../packages/engine/src/hmoe/run-em.js';
import { emPlan } from './helpers.js';
import { MCYCLE_SHUFFLED, moments } from '../helpers/motorcycle.js';

// The rows of examples/data/mcycle.csv in a fixed random order, split 80/20 as examples/motorcycle.moe does.
const SHUFFLED = MCYCLE_SHUFFLED;
const TRAIN_ROWS = 106;

const raw = readFileSync(SHUFFLED, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(line => line.split(',').map(Number));
const rawTrain = raw.slice(0, TRAIN_ROWS);
const rawTest = raw.slice(TRAIN_ROWS);

const T = moments(rawTrain.map(r => r[0]));
const Y = moments(rawTrain.map(r => r[1]));

const source = (standardizeTarget: boolean): CsvSource => ({
    kind: 'csv',
    path: SHUFFLED,
    target: 'accel',
    inputs: ['times'],
    intercept: true,
    standardize: true,
    standardizeTarget
});

async function streams(standardizeTarget: boolean): Promise<{ train: Dataset; test: Dataset }> {
    const train = await loadStream({
        name: 'train',
        source: source(standardizeTarget),
        rows: { start: 0, end: TRAIN_ROWS },
        line: 1
    });
    const test = await loadStream(
        { name: 'test', source: source(standardizeTarget), rows: { start: TRAIN_ROWS, end: raw.length }, line: 2 },
        train.standardization
    );
    return { train, test };
}

function logSumExp(values: number[]): number {
    const m = Math.max(...values);
    return m + Math.log(values.reduce((a, v) => a + Math.exp(v - m), 0));
}

/**
 * One gate level of the fitted model as a function of raw time t. With z = (t - mt) / st, a
 * softmax score a z + b is (a / st) t + (b - a mt / st); a Laplace score
 * -sqrt((a - z)^2 + eps^2) + b is -sqrt((c - t)^2 + (st eps)^2) / st + b with centre c = mt + st a.
 */
function rawLogGates(level: EmGateLevelFit, t: number): number[] {
    const scores = level.weights.map(([a], k) =>
        level.gate === 'softmax'
            ? (a / T.sd) * t + (level.bias[k] - (a * T.mean) / T.sd)
            : -Math.sqrt((T.mean + T.sd * a - t) ** 2 + (T.sd * LAPLACE_EPS) ** 2) / T.sd + level.bias[k]
    );
    const norm = logSumExp(scores);
    return scores.map(s => s - norm);
}

/**
 * The fitted model mapped to raw acceleration y = my + sy y_z: expert l's mean
 * my + sy (b0 + b1 (t - mt) / st) = (my + sy (b0 - b1 mt / st)) + (sy b1 / st) t, variance sy^2 v.
 */
function rawExperts(result: EmResult): Array<{ intercept: number; slope: number; variance: number }> {
    return result.experts.map(e => {
        const [b0, b1] = e.coefficients;
        return {
            intercept: Y.mean + Y.sd * (b0 - (b1 * T.mean) / T.sd),
            slope: (Y.sd * b1) / T.sd,
            variance: Y.sd ** 2 * e.variance
        };
    });
}

/** log p(y | t) of one raw row, and the predictive mean, under the mapped model. */
function rawDensity(result: EmResult, t: number, y: number): { logDensity: number; mean: number } {
    const experts = rawExperts(result);
    const outer = rawLogGates(result.gates.outer, t);
    const terms: number[] = [];
    let mean = 0;
    result.experts.forEach((e, l) => {
        const inner = rawLogGates(result.gates.inner[e.outer], t);
        const x = experts[l];
        const mu = x.intercept + x.slope * t;
        const logGate = outer[e.outer] + inner[e.inner];
        mean += Math.exp(logGate) * mu;
        terms.push(logGate - 0.5 * Math.log(2 * Math.PI * x.variance) - (y - mu) ** 2 / (2 * x.variance));
    });
    return { logDensity: logSumExp(terms), mean };
}

const rawLogLikelihood = (result: EmResult, rows: number[][]) =>
    rows.reduce((a, [t, y]) => a + rawDensity(result, t, y).logDensity, 0);

const GATES: Array<[GateKind, GateKind]> = [
    ['laplace', 'laplace'],
    ['softmax', 'softmax']
];

describe('EM with a standardised target reports on the original scale', () => {
    for (const [outerGate, innerGate] of GATES) {
        it(`${outerGate}-${innerGate} on the motorcycle data: log-likelihood, AIC/BIC, restarts and held-out density`, async () => {
            const { train, test } = await streams(true);
            expect(train.standardization?.target?.sd).toBeCloseTo(Y.sd, 12);
            const plan = emPlan(
                train,
                { gate: outerGate, branches: 2 },
                { gate: innerGate, branches: 2 },
                { restarts: 4, maxIterations: 2000, seed: 5 }
            );
            const result = runEm(plan, train, test, {});
            const jacobian = -TRAIN_ROWS * Math.log(train.standardization!.target!.sd);

            // The same fit with the standardisation record removed reports the z-scale numbers:
            // the original-scale ones differ by exactly the Jacobian.
            const { standardization: _, ...unmarked } = train;
            const zScale = runEm(plan, unmarked, { ...test, standardization: undefined }, {});
            expect(zScale.standardization).toBeUndefined();
            expect(result.experts).toEqual(zScale.experts);
            expect(result.logLikelihood).toBe(zScale.logLikelihood + jacobian);
            expect(result.logLikelihoodTrace).toEqual(zScale.logLikelihoodTrace.map(l => l + jacobian));
            expect(result.restarts.map(r => r.logLikelihood)).toEqual(
                zScale.restarts.map(r => r.logLikelihood + jacobian)
            );
            expect(result.aic).toBe(-2 * result.logLikelihood + 2 * result.parameters);
            expect(result.bic).toBe(-2 * result.logLikelihood + result.parameters * Math.log(TRAIN_ROWS));

            // The real check: the raw rows' log-likelihood under the fitted model mapped back to raw units.
            const reference = rawLogLikelihood(result, rawTrain);
            expect(Math.abs(result.logLikelihood - reference)).toBeLessThan(1e-9 * Math.abs(reference));
            // ... which is not the z-scale number (sd of acceleration ~ 48 g: the Jacobian is ~ -410 nats).
            expect(Math.abs(zScale.logLikelihood - reference)).toBeGreaterThan(100);

            const predictive = result.predictive!;
            const heldOut = rawLogLikelihood(result, rawTest);
            expect(predictive.observations).toBe(rawTest.length);
            expect(Math.abs(predictive.logPredictiveDensity - heldOut)).toBeLessThan(1e-9 * Math.abs(heldOut));
            expect(predictive.meanLogPredictiveDensity).toBeCloseTo(heldOut / rawTest.length, 10);
            predictive.points.forEach((p, i) => {
                const [t, y] = rawTest[i];
                expect(p.y).toBeCloseTo(y, 10);
                expect(p.mean).toBeCloseTo(rawDensity(result, t, y).mean, 8);
            });
            const rmse = Math.sqrt(
                rawTest.reduce((a, [t, y]) => a + (y - rawDensity(result, t, y).mean) ** 2, 0) / rawTest.length
            );
            expect(predictive.rmse).toBeCloseTo(rmse, 8);

            expect(result.standardization).toEqual({
                inputs: ['times'],
                mean: [train.standardization!.mean[0]],
                sd: [train.standardization!.sd[0]],
                target: {
                    name: 'accel',
                    mean: train.standardization!.target!.mean,
                    sd: train.standardization!.target!.sd
                },
                logJacobian: jacobian
            });
        });
    }

    it('inputs standardised but not the target: no Jacobian, the raw log-likelihood as it is', async () => {
        const { train, test } = await streams(false);
        const result = runEm(
            emPlan(train, { gate: 'laplace', branches: 2 }, { gate: 'laplace', branches: 2 }, { restarts: 2, seed: 5 }),
            train,
            test,
            {}
        );
        expect(result.standardization?.target).toBeUndefined();
        expect(result.standardization?.logJacobian).toBe(0);
        // Raw acceleration as the target: the same mapping with my = 0, sy = 1 is the identity on y.
        const experts = result.experts.map(e => ({ ...e }));
        let reference = 0;
        for (const [t, y] of rawTrain) {
            const outer = rawLogGates(result.gates.outer, t);
            reference += logSumExp(
                experts.map(e => {
                    const mu = e.coefficients[0] + (e.coefficients[1] * (t - T.mean)) / T.sd;
                    return (
                        outer[e.outer] +
                        rawLogGates(result.gates.inner[e.outer], t)[e.inner] -
                        0.5 * Math.log(2 * Math.PI * e.variance) -
                        (y - mu) ** 2 / (2 * e.variance)
                    );
                })
            );
        }
        expect(Math.abs(result.logLikelihood - reference)).toBeLessThan(1e-9 * Math.abs(reference));
    });
});
