/**
 * `moe collect tasks.json [--json OUT] [--quiet]`: after a batch job array, read every task's
 * result from the list's results folder and print the sweep's summary. Missing or damaged
 * results are listed by index, so exactly those array elements can be resubmitted. Exit codes:
 * 0 all present, 1 some missing (the summary covers those present), 2 usage errors.
 */
import type { CompletedTask } from '../tasks/completed-task.js';
import { readManifest } from '../tasks/manifest.js';
import { readStored } from '../tasks/result-store.js';
import { jsonFolderMissing, usageError } from './run/load-plan.js';
import { reportSweep } from './sweep/report.js';

export interface CollectOptions {
    json?: string;
    quiet?: boolean;
}

/** "0-3,7,9-10" for [0,1,2,3,7,9,10]: the form Slurm's --array takes. */
export function indexRanges(indices: readonly number[]): string {
    const parts: string[] = [];
    for (let i = 0; i < indices.length; i++) {
        const start = indices[i]!;
        while (i + 1 < indices.length && indices[i + 1] === indices[i]! + 1) i++;
        parts.push(indices[i] === start ? String(start) : `${start}-${indices[i]}`);
    }
    return parts.join(',');
}

export async function collectCommand(file: string, options: CollectOptions): Promise<number> {
    if (jsonFolderMissing(options.json)) return 2;
    const read = await readManifest(file);
    if ('error' in read) return usageError(read.error);
    const { manifest } = read;
    const completed: CompletedTask[] = [];
    const missing: number[] = [];
    for (const [index, task] of manifest.tasks.entries()) {
        const lookup = await readStored(manifest.results, task.hash);
        if (lookup.kind === 'found') completed.push({ task, result: lookup.stored.result, status: 'reused' });
        else missing.push(index);
    }
    if (completed.length === 0) {
        process.stderr.write(
            `${file}: none of the ${manifest.tasks.length} tasks has a result in ${manifest.results} yet\n`
        );
        return 1;
    }
    // The first task's plan stands for the model in the report (every task shares its model and data).
    const code = await reportSweep({
        plan: manifest.tasks[0]!.plan,
        shownModel: manifest.model.name,
        folder: manifest.results,
        settings: manifest.settings,
        tasks: manifest.tasks,
        completed,
        json: options.json,
        quiet: options.quiet
    });
    if (code !== 0) return code;
    if (missing.length > 0) {
        process.stderr.write(
            `${file}: ${missing.length} of ${manifest.tasks.length} tasks have no result yet: indices ${indexRanges(missing)}\n`
        );
        return 1;
    }
    return 0;
}
