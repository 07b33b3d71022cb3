/**
 * A model the language accepts but whose plan the engine rejects (a compiler/engine mismatch)
 * must still end in a located error and exit 1, not a crash. The compiler is replaced here by
 * one that returns a plan with s > K in the training stream.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sparseExpertsPlan } from '../engine/plan/plans.js';
import { TempDir, capture } from './helpers.js';

vi.mock('@moe-studio/language', () => ({
    compileModelFile: async () => {
        const plan = sparseExpertsPlan();
        (plan.data.train.source as { active: number }).active = 12;
        return { plan, problems: [] };
    }
}));

const { runCommand } = await import('../../packages/cli/src/commands/run.js');
const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('moe run: a compiled plan the engine rejects', () => {
    it('is reported at the stream declaration and exits 1', async () => {
        const model = tmp.file('model.moe', 'model m {}\n');
        const run = await capture(() => runCommand(model, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /model\.moe:3:1: error: the engine cannot run this model: \/data\/train\/source\/active: is 12 but there are only 10 experts/
        );
    });
});
