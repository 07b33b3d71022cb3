import { describe, expect, it } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { stickBreakingLogWeights } from '../../packages/engine/src/gates/stick-breaking.js';

describe('stick-breaking gate', () => {
    it('weights sum to one within 1e-12 for |psi| <= 700 (docs/method.md §2.9 oracle 4)', () => {
        const rng = Rng.stream(3, 'psi');
        for (const K of [2, 3, 10, 50]) {
            const psi = new Float64Array(K - 1);
            const out = new Float64Array(K);
            let worst = 0;
            let positive = 0;
            for (let rep = 0; rep < 2000; rep++) {
                const scale = [1, 10, 100, 700][rep % 4];
                for (let j = 0; j < K - 1; j++) psi[j] = Math.max(-700, Math.min(700, scale * (2 * rng.uniform() - 1)));
                stickBreakingLogWeights(psi, 0, K, out, 0);
                let s = 0;
                for (let k = 0; k < K; k++) {
                    if (out[k] > 0) positive++;
                    s += Math.exp(out[k]);
                }
                worst = Math.max(worst, Math.abs(s - 1));
            }
            expect(positive).toBe(0);
            expect(worst).toBeLessThan(1e-12);
        }
        // Extremes: all sticks stop, or all pass.
        const out = new Float64Array(4);
        stickBreakingLogWeights([700, 700, 700], 0, 4, out, 0);
        expect(Math.exp(out[0])).toBe(1);
        stickBreakingLogWeights([-700, -700, -700], 0, 4, out, 0);
        expect(Math.exp(out[3])).toBe(1);
        expect(out[0]).toBeCloseTo(-700, 10);
    });

    it('with all logits 0 gives (1/2, 1/4, ..., 1/2^(K-1), 1/2^(K-1))', () => {
        const out = new Float64Array(5);
        stickBreakingLogWeights([0, 0, 0, 0], 0, 5, out, 0);
        const expected = [0.5, 0.25, 0.125, 0.0625, 0.0625];
        expected.forEach((p, k) => expect(Math.exp(out[k])).toBeCloseTo(p, 15));
    });
});
