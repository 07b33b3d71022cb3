/**
 * Errors the engine reports to its callers. Each names where the problem is, so the CLI can
 * print `FILE:LINE: ...` and the extension can link back to the model or the data.
 */

/** The plan does not match the schema, or is internally inconsistent. `field` is a JSON pointer. */
export class PlanError extends Error {
    constructor(
        message: string,
        readonly field: string
    ) {
        super(field ? `${field}: ${message}` : message);
        this.name = 'PlanError';
    }
}

/** The data is malformed: missing value, text in a numeric column, wrong number of fields... */
export class DataError extends Error {
    constructor(
        readonly reason: string,
        readonly file: string,
        readonly line: number
    ) {
        super(`${file}:${line}: ${reason}`);
        this.name = 'DataError';
    }
}

/** A NaN or infinity where a finite number is required: names the observation and quantity. */
export class NumericalError extends Error {
    constructor(
        readonly quantity: string,
        readonly observation: number,
        detail = ''
    ) {
        super(`non-finite ${quantity} at observation ${observation + 1}${detail ? `: ${detail}` : ''}`);
        this.name = 'NumericalError';
    }
}

/** The run was cancelled by its caller. */
export class CancelledError extends Error {
    constructor() {
        super('run cancelled');
        this.name = 'CancelledError';
    }
}
