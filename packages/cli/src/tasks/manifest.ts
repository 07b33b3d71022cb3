/**
 * The task list of a sweep for batch schedulers (`moe sweep --manifest tasks.json`): every task
 * with its resolved plan, its data digests and its hash, and the results folder the array jobs
 * write to. `moe run-task tasks.json --index N` runs one entry; `moe collect tasks.json` reads
 * the folder back. The list is written atomically and checked when read: a task whose plan and
 * data no longer hash to its name is refused, so an edited list cannot pass off wrong results.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ExecutionPlan } from '@moe-studio/engine';
import { writeFileAtomic } from '@moe-studio/engine/files';
import type { Setting } from '../commands/sweep/settings.js';
import { taskHash, type SweepTask } from './task-set.js';

export const MANIFEST_KIND = 'moe-task-list';
export const MANIFEST_VERSION = 1;
/** Task lists are read whole; a list beyond this is not one `moe sweep` wrote. */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

export interface TaskManifest {
    kind: typeof MANIFEST_KIND;
    version: typeof MANIFEST_VERSION;
    model: ExecutionPlan['model'];
    algorithm: ExecutionPlan['inference']['algorithm'];
    /** Absolute path of the folder every task writes `<hash>.json` to. */
    results: string;
    settings: Setting[];
    tasks: SweepTask[];
}

export function makeManifest(
    plan: ExecutionPlan,
    results: string,
    settings: readonly Setting[],
    tasks: readonly SweepTask[]
): TaskManifest {
    return {
        kind: MANIFEST_KIND,
        version: MANIFEST_VERSION,
        model: plan.model,
        algorithm: plan.inference.algorithm,
        results,
        settings: [...settings],
        tasks: [...tasks]
    };
}

export async function writeManifest(path: string, manifest: TaskManifest): Promise<void> {
    await writeFileAtomic(path, `${JSON.stringify(manifest)}\n`);
}

/** The manifest, or a one-line reason it cannot be used (naming the file, and the task if one is bad). */
export async function readManifest(path: string): Promise<{ manifest: TaskManifest } | { error: string }> {
    let text: string;
    try {
        const info = await stat(path);
        if (!info.isFile()) return { error: `${path}: not a file` };
        if (info.size > MAX_MANIFEST_BYTES)
            return { error: `${path}: ${info.size} bytes is more than a task list may hold (${MAX_MANIFEST_BYTES})` };
        text = await readFile(path, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            error: `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (error as Error).message})`}`
        };
    }
    let value: Partial<TaskManifest>;
    try {
        value = JSON.parse(text) as Partial<TaskManifest>;
    } catch {
        return { error: `${path}: not valid JSON (write task lists with moe sweep --manifest)` };
    }
    if (value === null || typeof value !== 'object' || value.kind !== MANIFEST_KIND) {
        return { error: `${path}: not a task list (write one with moe sweep --manifest)` };
    }
    if (value.version !== MANIFEST_VERSION)
        return {
            error: `${path}: task list version ${String(value.version)}; this moe reads version ${MANIFEST_VERSION}`
        };
    if (
        typeof value.results !== 'string' ||
        !Array.isArray(value.tasks) ||
        !Array.isArray(value.settings) ||
        !value.model
    ) {
        return { error: `${path}: the task list lacks its results folder, settings or tasks` };
    }
    for (const [index, task] of value.tasks.entries()) {
        const t = task as Partial<SweepTask> | null;
        if (
            !t ||
            typeof t.hash !== 'string' ||
            !t.plan ||
            !Array.isArray(t.data) ||
            taskHash(t.plan, t.data) !== t.hash
        ) {
            return {
                error: `${path}: task ${index}: its plan and data do not match its hash (the list was edited or damaged)`
            };
        }
    }
    return { manifest: value as TaskManifest };
}
