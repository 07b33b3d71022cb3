/** The run-settings boxes accept whole numbers in range and say what is allowed otherwise. */
import { describe, expect, it } from 'vitest';
import { integerProblem } from '../../packages/extension/src/extension/run-settings-check.js';
import { applyOverrides } from '../../packages/extension/src/extension/run-log.js';
import type { ExecutionPlan } from '@moe-studio/engine';
import { plPlan } from './fixtures.js';

/** plPlan fitted by EM instead. */
function emPlan(): ExecutionPlan {
    return {
        ...plPlan(),
        inference: {
            algorithm: 'em',
            maxIterations: 100,
            tolerance: 1e-6,
            restarts: 2,
            initialization: 'random',
            seed: 5
        }
    };
}

describe('run settings', () => {
    it('accept whole numbers within the range only', () => {
        expect(integerProblem(' 500 ', 1, 1000)).toBeUndefined();
        expect(integerProblem('0', 1, 256)).toBe('Enter a whole number from 1 to 256.');
        expect(integerProblem('257', 1, 256)).toBe('Enter a whole number from 1 to 256.');
        expect(integerProblem('2.5', 1, 256)).toBeDefined();
        expect(integerProblem('-1', 0, 10)).toBeDefined();
        expect(integerProblem('', 0, 10)).toBeDefined();
        expect(integerProblem('99999999999999999999', 0, Number.MAX_SAFE_INTEGER)).toBeDefined();
    });

    it('apply the chosen filters to particle learning only', () => {
        const pl = applyOverrides(plPlan(), { particles: null, seed: null, chains: 4 });
        expect(pl.inference.algorithm === 'particle-learning' && pl.inference.chains).toBe(4);
        const em = applyOverrides(emPlan(), { particles: 10, seed: 2, chains: 4 });
        expect(em.inference).toEqual({ ...emPlan().inference, seed: 2 });
    });
});
