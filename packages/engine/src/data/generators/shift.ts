/**
 * A linear-Gaussian stream with an abrupt change of regime at row `shiftAt` (0-based raw
 * rows: rows < shiftAt follow `before`, the rest `after`), for streaming and drift checks.
 * x ~ N(0, I_p), y = β'(1, x) + √ν ε. Draw order per observation, from
 * `Rng.stream(seed, 'data')`: x (p normals), ε (one normal).
 */
import { Rng } from '../../random/rng.js';
import type { ShiftSource } from '../../plan/types.js';
import { linearPredictor, type SyntheticSample } from './categorical.js';

/** The first `rows` observations of the stream (default: all n); z is 0 before the shift, 1 after. */
export function generateShift(source: ShiftSource, rows = source.n): SyntheticSample {
    const p = source.inputs;
    const rng = Rng.stream(source.seed, 'data');
    const x = new Float64Array(rows * p);
    const y = new Float64Array(rows);
    const z = new Int32Array(rows);
    const sdBefore = Math.sqrt(source.before.variance);
    const sdAfter = Math.sqrt(source.after.variance);
    for (let i = 0; i < rows; i++) {
        const xi = x.subarray(i * p, (i + 1) * p);
        for (let j = 0; j < p; j++) xi[j] = rng.normal();
        const after = i >= source.shiftAt;
        const regime = after ? source.after : source.before;
        z[i] = after ? 1 : 0;
        y[i] = linearPredictor(regime.coefficients, xi, p) + (after ? sdAfter : sdBefore) * rng.normal();
    }
    return { n: rows, p, x, y, z };
}
