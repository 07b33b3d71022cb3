/**
 * The results folder of a sweep: one `<hash>.json` per finished task, holding the hash, the
 * task's plan, the digests of its data and its result. Files are written atomically (a temp file in the same folder,
 * then a rename), so an interrupted sweep leaves either a whole file or none.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '@moe-studio/engine/files';
import type { ExecutionPlan, RunResult } from '@moe-studio/engine';
import type { DataDigest } from '@moe-studio/engine/files';
import { taskHash } from './task-set.js';

export interface StoredTask {
    hash: string;
    setting: Record<string, string>;
    seed: number;
    plan: ExecutionPlan;
    data: DataDigest[];
    result: RunResult;
}

export type CacheLookup =
    { kind: 'missing' } | { kind: 'found'; stored: StoredTask } | { kind: 'corrupt'; reason: string };

export function resultPath(folder: string, hash: string): string {
    return join(folder, `${hash}.json`);
}

/** A stored result counts only if it parses, names this hash, and its plan and data hash to it. */
export async function readStored(folder: string, hash: string): Promise<CacheLookup> {
    let text: string;
    try {
        text = await readFile(resultPath(folder, hash), 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
        return { kind: 'corrupt', reason: `cannot read it (${(error as Error).message})` };
    }
    let stored: Partial<StoredTask>;
    try {
        stored = JSON.parse(text) as Partial<StoredTask>;
    } catch {
        return { kind: 'corrupt', reason: 'not valid JSON' };
    }
    if (stored === null || typeof stored !== 'object') return { kind: 'corrupt', reason: 'not a stored task' };
    if (stored.hash !== hash) return { kind: 'corrupt', reason: 'its stored hash does not match its name' };
    if (!stored.plan || !Array.isArray(stored.data) || taskHash(stored.plan, stored.data) !== hash) {
        return { kind: 'corrupt', reason: 'its plan and data do not match its hash' };
    }
    const result = stored.result as Partial<RunResult> | undefined;
    if (
        !result ||
        typeof result !== 'object' ||
        typeof result.algorithm !== 'string' ||
        typeof result.timing?.seconds !== 'number'
    ) {
        return { kind: 'corrupt', reason: 'it holds no result' };
    }
    return { kind: 'found', stored: stored as StoredTask };
}

export async function writeStored(folder: string, stored: StoredTask): Promise<void> {
    await writeJsonAtomic(resultPath(folder, stored.hash), stored);
}
