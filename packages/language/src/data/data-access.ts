/**
 * The one way the language reads a data file a model names (validation, hover, completion):
 * confined to the allowed folders, devices refused, then the header read. The folders are the
 * workspace's when a client gives them, else the model's folder and the working directory (the
 * command line); `allowOutside` lifts the confinement when the user asks for it
 * (`--allow-data-outside`).
 */
import { dirname } from 'node:path';
import { insideRoots } from '@moe-studio/engine/files';
import { readCsvHeader, type CsvHeader } from './csv-header.js';

interface DataAccessPolicy {
    /** Workspace folders; undefined outside an editor. */
    roots?: string[];
    allowOutside: boolean;
}

const policy: DataAccessPolicy = { allowOutside: false };

export function setDataRoots(roots: string[] | undefined): void {
    policy.roots = roots && roots.length > 0 ? roots : undefined;
}

export function setDataOutsideAllowed(allowed: boolean): void {
    policy.allowOutside = allowed;
}

/** The folders a model in `modelFile` may read data from. */
export function dataRoots(modelFile: string): string[] {
    return policy.roots ?? [dirname(modelFile), process.cwd()];
}

/** Why a model may not read `path`; undefined if it may. */
export function confinementProblem(path: string, modelFile: string): string | undefined {
    if (policy.allowOutside || insideRoots(path, dataRoots(modelFile))) return undefined;
    return policy.roots
        ? 'it is outside the workspace folders, and data files are read only inside them'
        : "it is outside the model's folder and the working directory; pass --allow-data-outside to read it";
}

/** The header of a data file the model in `modelFile` names, read only where it may be. */
export function readDataHeader(path: string, modelFile: string): CsvHeader {
    const problem = confinementProblem(path, modelFile);
    return problem ? { ok: false, reason: problem } : readCsvHeader(path);
}
