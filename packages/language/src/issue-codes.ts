/**
 * Codes carried in `Diagnostic.data.code` of fixable .moe diagnostics. The code-action provider
 * switches on them; `data` also carries what the fix needs (see each code).
 */
export const IssueCodes = {
    /** A name that does not resolve. data: { code, name, expected, suggestions: string[] } */
    UnknownName: 'moe.unknown-name',
    /** A callee (distribution, generator, gate, family, method) not in the catalogue. data: { code, name, suggestions } */
    UnknownCallee: 'moe.unknown-callee',
    /** A parameter name the callee does not have. data: { code, name, suggestions } */
    UnknownParameter: 'moe.unknown-parameter',
    /** A symbol value (e.g. a resampling scheme) that is not one of the allowed ones. data: { code, name, suggestions } */
    UnknownSymbol: 'moe.unknown-symbol',
    /** A CSV column that the file's header does not have. data: { code, name, suggestions, columns } */
    UnknownColumn: 'moe.unknown-column',
    /** A required parameter is missing. data: { code, name, callee } */
    MissingParameter: 'moe.missing-parameter',
    /** A name declared twice. data: { code, name } */
    DuplicateName: 'moe.duplicate-name',
    /** The same parameter given twice. data: { code, name } */
    DuplicateParameter: 'moe.duplicate-parameter',
    /** A prior that nothing refers to. data: { code, name } */
    UnusedPrior: 'moe.unused-prior',
    /** A CSV column that the model does not use. data: { code, name } */
    UnusedColumn: 'moe.unused-column',
    /** An import whose file does not exist. data: { code, path } */
    MissingImport: 'moe.missing-import',
    /** A value outside the parameter's valid range. data: { code, name } */
    OutOfRange: 'moe.out-of-range',
    /** A value of the wrong kind (e.g. a horseshoe where a variance prior is needed). data: { code, name, expected } */
    TypeMismatch: 'moe.type-mismatch',
    /** A combination of experts, gate and inference method the engine cannot run. data: { code } */
    Unrunnable: 'moe.unrunnable'
} as const;

export type IssueCode = (typeof IssueCodes)[keyof typeof IssueCodes];
