import { beforeAll, describe, expect, it } from 'vitest';
import { cloneParams, newParams, truthParams, type HmoeParams } from '../../../packages/engine/src/index.js';
import { designSource, ratesSeed } from '../../../packages/cli/src/experiments/hmoe-rates/design.js';
import { ratesReport } from '../../../packages/cli/src/experiments/hmoe-rates/report.js';
import { RATES_QUICK, runRates } from '../../../packages/cli/src/experiments/hmoe-rates/run.js';
import { hmoeVoronoiLoss } from '../../../packages/cli/src/experiments/hmoe-rates/voronoi-loss.js';
import { leastSquaresLine } from '../../../packages/cli/src/experiments/hmoe-shared/slope.js';

function truthOf(combination: 'SS' | 'SL' | 'LL'): HmoeParams {
    const t = truthParams(designSource(combination, 10, 1));
    if ('reason' in t) throw new Error(t.reason);
    return t.params;
}

/**
 * An over-specified (2 x 3) fit built by hand from the truth: in node 0 true leaf 0 is split into
 * two atoms of half its gate mass with intercepts τ ± 0.1; in node 1 true leaf 1 is split into two
 * exact halves. Everything else is exact.
 */
function handBuiltSplit(truth: HmoeParams, combination: 'SS' | 'SL' | 'LL'): HmoeParams {
    const kind = combination === 'LL' ? 'laplace' : 'softmax';
    const fit = newParams({
        k1: 2,
        k2: 3,
        outerGate: kind,
        innerGate: combination === 'SS' ? 'softmax' : 'laplace',
        d: 3,
        p: 2
    });
    fit.outer.weights.set(truth.outer.weights);
    fit.outer.bias.set(truth.outer.bias);
    const plan: Array<Array<[number, number]>> = [
        [
            [0, 0.1],
            [1, 0],
            [0, -0.1]
        ],
        [
            [0, 0],
            [1, 0],
            [1, 0]
        ]
    ];
    const split = [0, 1];
    plan.forEach((leaves, i1) =>
        leaves.forEach(([from, dTau], i2) => {
            const t = truth.inner[i1]!;
            fit.inner[i1]!.weights.set(t.weights.subarray(from * 2, from * 2 + 2), i2 * 2);
            fit.inner[i1]!.bias[i2] = t.bias[from]! - (from === split[i1] ? Math.LN2 : 0);
            const trueLeaf = i1 * 2 + from;
            fit.coefficients.set(truth.coefficients.subarray(trueLeaf * 3, trueLeaf * 3 + 3), (i1 * 3 + i2) * 3);
            fit.coefficients[(i1 * 3 + i2) * 3] += dTau;
            fit.variances[i1 * 3 + i2] = truth.variances[trueLeaf]!;
        })
    );
    return fit;
}

describe('Voronoi loss of the hierarchical fit, with over-specified exponents', () => {
    it('is 0 for the truth against itself', () => {
        for (const c of ['SS', 'SL', 'LL'] as const) expect(hmoeVoronoiLoss(truthOf(c), truthOf(c), c, 3).loss).toBe(0);
    });

    it('equals the hand computation on a split cell: 2 x 1/2 x 0.1^r with r = 4 (SS, SL), 2 (LL), 1 (first order)', () => {
        for (const [c, r] of [
            ['SS', 4],
            ['SL', 4],
            ['LL', 2]
        ] as const) {
            const truth = truthOf(c);
            const loss = hmoeVoronoiLoss(handBuiltSplit(truth, c), truth, c, 3);
            expect(loss.cellSizes).toEqual([
                [2, 1],
                [1, 2]
            ]);
            expect(loss.loss).toBeCloseTo(0.1 ** r, 12);
            expect(loss.firstOrder).toBeCloseTo(0.1, 12);
            // Over-specified cells: weights 1/2 each; node 0's atoms are 0.1 off in τ, node 1's exact.
            expect(loss.overSpecified.tau).toBeCloseTo(0.05, 12);
            expect(loss.overSpecified.eta).toBeCloseTo(0, 12);
            expect(loss.exact.tau).toBeCloseTo(0, 12);
            expect(loss.massLoss).toBeNaN();
        }
    });

    it('with leaf masses as weights: mass gaps at both levels plus mass x 0.1^r in the split cell', () => {
        // True leaves 1/4 each; node 0's split halves carry 1/8 each, node 1's second leaf splits 1/8 + 1/8.
        const fitted = [0.125, 0.25, 0.125, 0.25, 0.125, 0.125];
        const trueMass = [0.25, 0.25, 0.25, 0.25];
        for (const [c, r] of [
            ['SS', 4],
            ['LL', 2]
        ] as const) {
            const truth = truthOf(c);
            const loss = hmoeVoronoiLoss(handBuiltSplit(truth, c), truth, c, 3, fitted, trueMass);
            expect(loss.massLoss).toBeCloseTo(2 * 0.125 * 0.1 ** r, 12);
            expect(loss.massFirstOrder).toBeCloseTo(2 * 0.125 * 0.1, 12);
            // Nodes hold 0.6 and 0.4 instead of 0.5: outer gaps 0.1 + 0.1; leaf gaps 0.1 (node 0's split
            // cell, 0.35 for 0.25) and 0.05 + 0.05 (node 1's cells, 0.2 for 0.25); the split atoms' 2 x 0.175 x 0.1.
            const shifted = [0.175, 0.25, 0.175, 0.2, 0.1, 0.1];
            const moved = hmoeVoronoiLoss(handBuiltSplit(truth, c), truth, c, 3, shifted, trueMass);
            expect(moved.massFirstOrder).toBeCloseTo(0.1 + 0.1 + 0.1 + 0.05 + 0.05 + 2 * 0.175 * 0.1, 12);
        }
    });

    it('does not change when a softmax level is translated (the gauge the data cannot fix)', () => {
        const truth = truthOf('SS');
        const fit = handBuiltSplit(truth, 'SS');
        const before = hmoeVoronoiLoss(fit, truth, 'SS', 3);
        const moved = cloneParams(fit);
        for (let j = 0; j < 3; j++) {
            moved.inner[0]!.weights[j * 2] += 0.7;
            moved.inner[0]!.weights[j * 2 + 1] -= 0.3;
            moved.inner[0]!.bias[j] += 1.5;
        }
        for (let j = 0; j < 2; j++) moved.outer.bias[j] -= 0.4;
        const after = hmoeVoronoiLoss(moved, truth, 'SS', 3);
        expect(after.loss).toBeCloseTo(before.loss, 12);
        expect(after.firstOrder).toBeCloseTo(before.firstOrder, 12);
    });
});

describe('hmoe-rates at a tiny size', () => {
    const config = {
        ...RATES_QUICK,
        sizes: [200, 400, 800],
        replicates: 3,
        maxIterations: 60,
        bootstrap: 30,
        minimumWindow: 2
    };
    const never = new AbortController().signal;
    let result: Awaited<ReturnType<typeof runRates>>;
    let report: ReturnType<typeof ratesReport>;
    beforeAll(async () => {
        result = await runRates(config, { seed: 1, jobs: 1, onProgress: () => {}, signal: never });
        report = ratesReport(result, 'npx moe experiment hmoe-rates (test)');
    });

    it('fits every combination, case, size and replicate on shared data seeds, and writes the report', () => {
        expect(result.fits).toHaveLength(3 * 2 * 3 * 3);
        expect(new Set(result.fits.filter(f => f.n === 400 && f.replicate === 1).map(f => f.seed))).toEqual(
            new Set([ratesSeed(1, 400)])
        );
        expect(Object.keys(report.tables).sort()).toEqual(['by-size', 'differences', 'fits', 'slopes']);
        expect(Object.keys(report.plots).sort()).toEqual(['loss-vs-n', 'over-parameters-vs-n', 'slope-vs-window']);
        for (const svg of Object.values(report.plots)) expect(svg).toMatch(/<svg[^]*<\/svg>/);
        expect(report.markdown).toMatch(/stopped at the iteration cap/);
        // Outer masses are 1/2 by symmetry; 20,000 Monte Carlo inputs put them within 0.01 (3 sd < 0.011).
        for (const d of result.design) {
            expect(d.leafMasses.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
            expect(Math.abs(d.leafMasses[0]! + d.leafMasses[1]! - 0.5)).toBeLessThan(0.011);
        }
    });

    it('the slope of each window is the least squares of log median error on log n, and differences subtract slopes', () => {
        const set = result.slopes.find(s => s.case === 'over' && s.statistic === 'mass-first-order')!;
        expect(set.windows.map(w => w.smallestN)).toEqual([200, 400]);
        for (const w of set.windows) {
            const sizes = config.sizes.filter(n => n >= w.smallestN);
            for (const c of ['SS', 'SL', 'LL'] as const) {
                const medians = sizes.map(n => {
                    const values = result.fits
                        .filter(f => f.case === 'over' && f.combination === c && f.n === n)
                        .map(f => f.massFirstOrder);
                    expect(values).toHaveLength(3);
                    return values.sort((a, b) => a - b)[1]!;
                });
                expect(w.slopes[c].slope).toBeCloseTo(
                    leastSquaresLine(sizes.map(Math.log), medians.map(Math.log)).slope,
                    12
                );
            }
            const d = w.differences.find(x => x.contrast === 'LL - SS')!;
            expect(d.difference).toBeCloseTo(w.slopes.LL.slope - w.slopes.SS.slope, 14);
        }
        const rows = report.tables.slopes!.filter(
            r => r.case === 'over' && r.statistic === 'mass-first-order' && r.smallest_n === 200
        );
        expect(rows.map(r => r.combination)).toEqual(['SS', 'SL', 'LL']);
    });

    it('stops starting fits once aborted, and the report says so', async () => {
        const controller = new AbortController();
        const partial = await runRates(
            { ...config, sizes: [200, 400], replicates: 1 },
            {
                seed: 1,
                jobs: 1,
                signal: controller.signal,
                onProgress: done => {
                    if (done === 3) controller.abort();
                }
            }
        );
        expect(partial.fits).toHaveLength(3);
        expect(partial.stopped).toBe(true);
        expect(ratesReport(partial, 'x').markdown).toContain('Stopped before every fit finished');
    });

    it('on the pool of worker threads (the built worker), gives the same fits in the same order as on this thread', async () => {
        const small = { ...config, sizes: [200, 400], replicates: 1 };
        const here = await runRates(small, { seed: 1, jobs: 1, onProgress: () => {}, signal: never });
        const pooled = await runRates(small, { seed: 1, jobs: 2, onProgress: () => {}, signal: never });
        expect(pooled.fits).toHaveLength(12);
        expect(pooled.fits).toEqual(here.fits);
    });
}, 120000);
