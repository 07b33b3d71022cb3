import { describe, expect, it } from 'vitest';
import { CancelledError, DataError, NumericalError, PlanError } from '../../packages/engine/src/errors.js';
import { deserializeRunError, serializeRunError } from '../../packages/engine/src/run-error.js';

/** Errors cross the worker boundary as plain objects (structured clone) and come back whole. */
function roundTrip(error: unknown): Error {
    return deserializeRunError(structuredClone(serializeRunError(error)));
}

describe('run errors across a thread boundary', () => {
    it('rebuilds each engine error with its class, message and location', () => {
        const plan = roundTrip(new PlanError('must be a positive integer', '/inference/particles'));
        expect(plan).toBeInstanceOf(PlanError);
        expect(plan.message).toBe('/inference/particles: must be a positive integer');
        expect((plan as PlanError).field).toBe('/inference/particles');

        const data = roundTrip(new DataError("text 'abc' in numeric column 'x1'", '/data/a.csv', 17));
        expect(data).toBeInstanceOf(DataError);
        expect(data.message).toBe("/data/a.csv:17: text 'abc' in numeric column 'x1'");
        expect((data as DataError).reason).toBe("text 'abc' in numeric column 'x1'");
        expect((data as DataError).line).toBe(17);

        const numerical = roundTrip(new NumericalError('gate coefficient', 41, 'stick 3'));
        expect(numerical).toBeInstanceOf(NumericalError);
        expect(numerical.message).toBe('non-finite gate coefficient at observation 42: stick 3');
        expect((numerical as NumericalError).observation).toBe(41);

        expect(roundTrip(new CancelledError())).toBeInstanceOf(CancelledError);
        const other = roundTrip(new TypeError('x is undefined'));
        expect(other.message).toBe('x is undefined');
        expect(other.stack).toContain('TypeError');
    });
});
