/** Validation of run results against schemas/result.schema.json, for the tests. */
import Ajv2020 from 'ajv/dist/2020.js';
import resultSchema from '../../../packages/engine/schemas/result.schema.json';
import { describeSchemaErrors } from '../../../packages/engine/src/plan/schema-errors.js';

const validate = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictRequired: false
}).compile(resultSchema);

/** The problems found, as "POINTER: message" lines; empty when the result is valid. */
export function resultSchemaProblems(json: unknown): string[] {
    if (validate(json)) return [];
    return describeSchemaErrors(resultSchema, validate.errors ?? []).map(p => `${p.pointer}: ${p.message}`);
}
