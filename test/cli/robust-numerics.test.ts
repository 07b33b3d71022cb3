/**
 * Numerical stress through the built `moe`: EM on inputs at scale 1e200 is a data error naming
 * the column, its scale and the fix (exit 1), not a linear-algebra failure (exit 70); the same
 * data standardised runs.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';
import { runMoe, TempDir } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

function scaledCsv(scale: number): string {
    const rng = new Rng(5, 'scaled-csv');
    const lines = ['x1,y'];
    for (let i = 0; i < 60; i++) {
        const x = rng.normal();
        lines.push(`${(x * scale).toExponential(6)},${(x > 0 ? 2 * x : -x + 0.1 * rng.normal()).toFixed(6)}`);
    }
    return `${lines.join('\n')}\n`;
}

const model = (standardize: boolean) => `model scaled {
    data all = csv("scaled.csv", target = y, inputs = [x1], standardize = ${standardize})
    experts y ~ gaussian(count = 2)
    gate ~ softmax(branches = 2)
    fit em(max_iterations = 50, restarts = 2, seed = 3) on all
}
`;

describe('EM at extreme input scales', () => {
    tmp.file('scaled.csv', scaledCsv(1e200));

    test('inputs at 1e200 are a data error naming the column and the fix', () => {
        const run = runMoe(['run', tmp.file('raw.moe', model(false)), '--quiet']);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /scaled\.csv:\d+: input 'x1' is at scale \d\.\de\+(199|200), beyond what the fit can square in double precision \(at most 1e\+150\): rescale it, or set `standardize = true` on the data source/
        );
        expect(run.stderr).not.toMatch(/internal error|not symmetric/);
    });

    test('the same inputs standardised run', () => {
        const run = runMoe(['run', tmp.file('standardized.moe', model(true)), '--quiet']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
    });
});
