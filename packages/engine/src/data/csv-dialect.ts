import type { Options } from 'csv-parse';

/**
 * How the fields of a data file are read, shared by the engine's reader (csv.ts) and the
 * language's header check, so a header that checks is a header that runs: a leading UTF-8 BOM is
 * dropped, blanks around a field are not part of it, and quotes follow RFC 4180 (a stray quote
 * is an error, not text).
 */
export const CSV_DIALECT = { bom: true, trim: true } as const satisfies Options;
