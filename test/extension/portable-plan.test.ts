/** A compiled plan rewritten to move with its model: paths relative to the model's folder. */
import { describe, expect, it } from 'vitest';
import { portablePlan, relativeTo } from '../../packages/extension/src/extension/portable-plan.js';
import { plPlan } from './fixtures.js';

describe('portable plans', () => {
    it('writes CSV paths and the model source relative to the model folder', () => {
        const plan = plPlan();
        plan.data.test = {
            name: 'test',
            line: 5,
            source: { ...plan.data.train.source, path: '/elsewhere/held-out.csv' } as typeof plan.data.train.source
        };
        const portable = portablePlan(plan);
        expect(portable.model.source).toBe('tiny.moe');
        expect(portable.data.train.source).toMatchObject({ kind: 'csv', path: 'data/tiny.csv' });
        expect(portable.data.test?.source).toMatchObject({ kind: 'csv', path: '../elsewhere/held-out.csv' });
        // The compiled plan itself is left as it was.
        expect(plan.data.train.source).toMatchObject({ path: '/models/data/tiny.csv' });
        expect(portable.inference).toEqual(plan.inference);
    });

    it('leaves relative paths as they are', () => {
        expect(relativeTo('/models', 'data/x.csv')).toBe('data/x.csv');
        expect(relativeTo('/models', '/models')).toBe('.');
    });
});
