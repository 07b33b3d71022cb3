/**
 * The data files a plan reads, each with the SHA-256 of its contents. A run's result records
 * them (so runs of the same data are recognised by content, not by shape); a sweep task's
 * identity includes them, so a stored result is reused only for the same data, and a worker on
 * another machine refuses a task whose files differ from the ones the task was made with.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ExecutionPlan } from '../plan/types.js';
import type { DataDigest } from '../result/types.js';

export type { DataDigest };

/** The distinct CSV paths of the plan's streams, in the order they appear (train first). */
export function dataFiles(plan: ExecutionPlan): string[] {
    const streams = [plan.data.train, plan.data.test].flatMap(s => (s ? [s] : []));
    return [...new Set(streams.flatMap(s => (s.source.kind === 'csv' ? [s.source.path] : [])))];
}

export async function fileSha256(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
}

/** Digests of the plan's data files; a file that cannot be read rejects with its path. */
export async function dataDigests(plan: ExecutionPlan): Promise<DataDigest[]> {
    const digests: DataDigest[] = [];
    for (const path of dataFiles(plan)) {
        try {
            digests.push({ path, sha256: await fileSha256(path) });
        } catch (error) {
            throw new Error(
                `${path}: cannot read the data file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
            );
        }
    }
    return digests;
}

/** Undefined when every file still has its digest, else a message naming the first that differs. */
export async function digestMismatch(expected: readonly DataDigest[]): Promise<string | undefined> {
    for (const { path, sha256 } of expected) {
        let actual: string;
        try {
            actual = await fileSha256(path);
        } catch (error) {
            return `${path}: cannot read the data file here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
        }
        if (actual !== sha256)
            return `${path}: the data file differs from the one the task was made with (SHA-256 ${actual.slice(0, 12)}…, expected ${sha256.slice(0, 12)}…)`;
    }
    return undefined;
}
