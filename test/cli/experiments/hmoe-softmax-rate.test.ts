import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { softmaxRateReport } from '../../../packages/cli/src/experiments/hmoe-softmax-rate/report.js';
import {
    runSoftmaxRate,
    SOFTMAX_RATE_QUICK,
    trueAtoms
} from '../../../packages/cli/src/experiments/hmoe-softmax-rate/run.js';
import {
    PAPER_TEXT_DESIGN,
    PUBLIC_CODE_DESIGN
} from '../../../packages/cli/src/experiments/hmoe-softmax-rate/truth.js';
import { voronoiD1 } from '../../../packages/cli/src/experiments/hmoe-softmax-rate/voronoi-d1.js';
import { leastSquaresLine, logMeanSlope } from '../../../packages/cli/src/experiments/hmoe-shared/slope.js';

const never = new AbortController().signal;

describe('Voronoi loss D1 of the exact-fitted softmax MoE', () => {
    const truth = trueAtoms(PAPER_TEXT_DESIGN);

    it("is 0 at the truth and does not depend on the atoms' order", () => {
        expect(voronoiD1(truth, truth)).toBe(0);
        expect(voronoiD1([truth[1]!, truth[0]!], truth)).toBe(0);
    });

    it('on a hand-built fit equals the sum written out by hand', () => {
        // Atom 1 moved by (Δβ0, Δβ1, Δb, Δa, Δσ) = (0.1, 0.5, -0.2, 0.3, 0.05); atom 2 by Δa = -0.4.
        const fitted = [
            { gateIntercept: -7.9, gateSlope: 25.5, expertIntercept: 14.8, expertSlope: -19.7, variance: 0.35 },
            { gateIntercept: 0, gateSlope: 0, expertIntercept: -5, expertSlope: 19.6, variance: 0.4 }
        ];
        const expected =
            Math.abs(Math.exp(-7.9) - Math.exp(-8)) + 0 + Math.exp(-7.9) * (0.5 + 0.3 + 0.2 + 0.05) + Math.exp(0) * 0.4;
        expect(voronoiD1(fitted, truth)).toBeCloseTo(expected, 12);
    });

    it('two fitted atoms in one cell both count, and the empty cell pays its whole weight', () => {
        const both = [truth[1]!, { ...truth[1]!, expertSlope: 20.1 }];
        // Cell 2 holds weight 2 against 1; cell 1 is empty against exp(-8); the copy is 0.1 away.
        expect(voronoiD1(both, truth)).toBeCloseTo(1 + Math.exp(-8) + 0.1, 12);
    });
});

describe('slope of log mean loss against log n', () => {
    it('matches the closed-form least squares on three points', () => {
        // x = (0, 1, 2), y = (1, 2, 4): slope = Σ(x - 1)(y - 7/3) / Σ(x - 1)^2 = 3 / 2.
        expect(leastSquaresLine([0, 1, 2], [1, 2, 4]).slope).toBeCloseTo(1.5, 14);
        expect(leastSquaresLine([0, 1, 2], [1, 2, 4]).intercept).toBeCloseTo(7 / 3 - 1.5, 14);
    });

    it('recovers an exact power law, with a zero-width interval when every replicate is equal', () => {
        const groups = [100, 1000, 10000].map(n => ({ n, losses: [3 * n ** -0.5, 3 * n ** -0.5] }));
        const fit = logMeanSlope(groups, 50, new Rng(1, 'test'));
        expect(fit.slope).toBeCloseTo(-0.5, 12);
        expect(fit.lower).toBeCloseTo(-0.5, 12);
        expect(fit.upper).toBeCloseTo(-0.5, 12);
    });
});

describe('hmoe-softmax-rate at a tiny size', () => {
    const config = {
        ...SOFTMAX_RATE_QUICK,
        designs: [PAPER_TEXT_DESIGN, PUBLIC_CODE_DESIGN],
        sizes: [200, 800],
        replicates: 3,
        bootstrap: 40
    };
    let result: Awaited<ReturnType<typeof runSoftmaxRate>>;
    let report: ReturnType<typeof softmaxRateReport>;
    beforeAll(async () => {
        result = await runSoftmaxRate(config, { seed: 7, jobs: 1, onProgress: () => {}, signal: never });
        report = softmaxRateReport(result, 'npx moe experiment hmoe-softmax-rate (test)');
    });

    it("runs every fit and writes the report's tables and plot", () => {
        expect(result.fits).toHaveLength(2 * 2 * 3);
        expect(Object.keys(report.tables).sort()).toEqual(['by-size', 'fits', 'slopes']);
        expect(report.tables['by-size']).toHaveLength(4);
        expect(report.tables.slopes!.map(r => r.design)).toEqual(['paper-text', 'public-code']);
        expect(report.plots['d1-vs-n']).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\n$/);
        expect(report.markdown).toContain('npx moe experiment hmoe-softmax-rate (test)');
        expect(report.stopped).toBe(false);
    });

    it("each fit's D1 is the loss of its own estimates, and the table's slope is the least squares of its means", () => {
        for (const fit of result.fits) {
            const design = fit.design === 'paper-text' ? PAPER_TEXT_DESIGN : PUBLIC_CODE_DESIGN;
            expect(fit.d1).toBe(voronoiD1(fit.atoms, trueAtoms(design)));
            // Started near the truth, EM ends at least as high as the truth's likelihood.
            expect(fit.logLikelihoodGap).toBeGreaterThan(0);
        }
        const rows = report.tables['by-size']!.filter(r => r.design === 'paper-text');
        const mean = (n: number) =>
            result.fits.filter(f => f.design === 'paper-text' && f.n === n).reduce((a, f) => a + f.d1, 0) / 3;
        expect(rows.map(r => r.mean_d1)).toEqual([mean(200), mean(800)]);
        const closedForm = (Math.log(mean(800)) - Math.log(mean(200))) / (Math.log(800) - Math.log(200));
        expect(result.slopes.find(s => s.design === 'paper-text' && s.window === 'all sizes')!.slope).toBeCloseTo(
            closedForm,
            12
        );
    });

    it('stops starting fits once aborted and says so', async () => {
        const controller = new AbortController();
        const partial = await runSoftmaxRate(config, {
            seed: 7,
            jobs: 1,
            signal: controller.signal,
            onProgress: done => {
                if (done === 2) controller.abort();
            }
        });
        expect(partial.fits).toHaveLength(2);
        expect(partial.stopped).toBe(true);
    });

    it('on the pool of worker threads (the built worker), gives the same fits in the same order as on this thread', async () => {
        const pooled = await runSoftmaxRate(config, { seed: 7, jobs: 2, onProgress: () => {}, signal: never });
        expect(pooled.fits).toEqual(result.fits);
    });
});
