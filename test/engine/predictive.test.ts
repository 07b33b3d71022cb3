import { describe, expect, it } from 'vitest';
import { StudentTMixture } from '../../packages/engine/src/predictive/student-t-mixture.js';
import { NormalMixture } from '../../packages/engine/src/predictive/normal-mixture.js';
import { centralInterval, quantile } from '../../packages/engine/src/predictive/mixture.js';
import { PredictiveScores } from '../../packages/engine/src/predictive/scores.js';
import { studentTCdf } from '../../packages/engine/src/special/student-t.js';
import { StudentTCdfTable } from '../../packages/engine/src/special/student-t-table.js';
import { normalCdf } from '../../packages/engine/src/special/normal.js';

describe('predictive mixtures', () => {
    it('Student-t CDF matches reference values (mpmath) and the table matches the exact CDF to 1e-9', () => {
        // References: Cauchy closed form 1/2 + atan(1)/pi, and scipy.stats.t.cdf.
        const refs: Array<[number, number, number]> = [
            [1, 1, 0.75],
            [4, 2, 0.9419417382415922],
            [10, -1.5, 0.08225366322272007]
        ];
        for (const [nu, u, p] of refs) expect(Math.abs(studentTCdf(u, nu) - p) / p).toBeLessThan(1e-13);
        for (const nu of [2, 4, 5.5, 30, 154, 3000]) {
            const table = new StudentTCdfTable(nu);
            let worst = 0;
            for (let u = -60; u <= 60; u += 0.0173)
                worst = Math.max(worst, Math.abs(table.cdf(u) - studentTCdf(u, nu)));
            expect(worst, `nu = ${nu}`).toBeLessThan(1e-9);
        }
    });

    it('quantiles invert the mixture CDF; a one-component t mixture gives the t quantile', () => {
        const mix = new StudentTMixture([0.3, 0.7], [-2, 1.5], [0.5, 1.2], [5, 40]);
        for (const p of [0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999]) {
            expect(Math.abs(mix.cdf(quantile(mix, p)) - p)).toBeLessThan(1e-9);
        }
        // t_4 quantile 0.95 = 2.131846786326649 (standard tables / mpmath).
        const t4 = new StudentTMixture([1], [0], [1], [4]);
        expect(quantile(t4, 0.95)).toBeCloseTo(2.131846786326649, 7);
        const nm = new NormalMixture([1, 1], [0, 10], [1, 4]);
        const iv = centralInterval(nm, 0.9);
        expect(Math.abs(0.5 * (normalCdf(iv.lower) + normalCdf((iv.lower - 10) / 2)) - 0.05)).toBeLessThan(1e-9);
        expect(Math.abs(0.5 * (normalCdf(iv.upper) + normalCdf((iv.upper - 10) / 2)) - 0.95)).toBeLessThan(1e-9);
    });

    it('scores coverage through the PIT consistently with the interval end points', () => {
        const dist = new NormalMixture([1], [0], [1]);
        const scores = new PredictiveScores([0.5, 0.9], 4, 10);
        for (const y of [0, 0.6, 1.7, -3]) scores.add(y, dist);
        const s = scores.summary();
        // |y| <= 0.6745 for 50%, |y| <= 1.6449 for 90%.
        expect(s.coverage['0.5']).toBe(0.5);
        expect(s.coverage['0.9']).toBe(0.5);
        expect(s.points).toHaveLength(4);
        expect(s.points[1].intervals['0.5'].upper).toBeCloseTo(0.6744897501960817, 8);
        expect(s.rmse).toBeCloseTo(Math.sqrt((0.36 + 1.7 ** 2 + 9) / 4), 12);
    });
});
