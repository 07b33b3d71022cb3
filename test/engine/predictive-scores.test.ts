import { describe, expect, it } from 'vitest';
import { PredictiveScores } from '../../packages/engine/src/predictive/scores.js';

describe('held-out predictive scores', () => {
    it('keeps every k-th row for plotting with its real 0-based index, and scores every row', () => {
        const scores = new PredictiveScores([0.9], 1000, 200);
        for (let t = 0; t < 1000; t++)
            scores.addFromPit(t, t % 2 === 0 ? 0.5 : 0.99, -1, t, () => ({ '0.9': { lower: t - 1, upper: t + 1 } }));
        const s = scores.summary();
        expect(s.pointsEvery).toBe(5);
        expect(s.points).toHaveLength(200);
        expect(s.points.map(p => p.index)).toEqual(Array.from({ length: 200 }, (_, i) => 5 * i));
        expect(s.points[7].y).toBe(35);
        expect(s.observations).toBe(1000);
        // PIT 0.5 is inside the central 90% interval, 0.99 is not.
        expect(s.coverage['0.9']).toBe(0.5);
    });

    it('keeps no row and never asks for intervals when no points are wanted, with the same scores', () => {
        const none = new PredictiveScores([0.9], 100, 0);
        const some = new PredictiveScores([0.9], 100, 10);
        for (let t = 0; t < 100; t++) {
            const pit = t % 3 === 0 ? 0.97 : 0.4;
            none.addFromPit(t, pit, -t / 10, t + 0.5, () => {
                throw new Error(`intervals asked for at row ${t}`);
            });
            some.addFromPit(t, pit, -t / 10, t + 0.5, () => ({ '0.9': { lower: 0, upper: 1 } }));
        }
        const [a, b] = [none.summary(), some.summary()];
        expect(a.points).toEqual([]);
        expect(a.pointsEvery).toBe(0);
        expect({ ...a, points: [], pointsEvery: 0 }).toEqual({ ...b, points: [], pointsEvery: 0 });
    });
});
