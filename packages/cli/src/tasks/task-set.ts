/**
 * The tasks of a sweep: the Cartesian product of the swept settings times the seeds, each a
 * fully resolved plan identified by the SHA-256 of the canonical JSON (object keys sorted) of
 * the plan and the digests of the data files it reads, so that the same plan on the same data
 * always lands in the same result file, on this machine or any other.
 */
import { createHash } from 'node:crypto';
import type { ExecutionPlan } from '@moe-studio/engine';
import { applySetting, type Setting, type SweepKey } from '../commands/sweep/settings.js';
import type { DataDigest } from '@moe-studio/engine/files';
import { canonicalJson } from '@moe-studio/engine/plan';
export { canonicalJson };

export interface SweepTask {
    hash: string;
    /** The value of each swept key, in --set order. */
    setting: Partial<Record<SweepKey, string>>;
    /** "particles=20 gate.prior=hs" (or "(plan)" when nothing is swept): the summary row. */
    label: string;
    seed: number;
    plan: ExecutionPlan;
    /** The data files the plan reads and their SHA-256 (empty for generated data). */
    data: DataDigest[];
}

/** The identity of a task: its resolved plan (the seed included) and its data's digests. */
export function taskHash(plan: ExecutionPlan, data: readonly DataDigest[]): string {
    return createHash('sha256').update(canonicalJson({ plan, data })).digest('hex');
}

/** Every combination of the settings' values (one empty combination when nothing is swept). */
export function combinations(settings: readonly Setting[]): Array<Partial<Record<SweepKey, string>>> {
    let out: Array<Partial<Record<SweepKey, string>>> = [{}];
    for (const { key, values } of settings) out = out.flatMap(c => values.map(v => ({ ...c, [key]: v })));
    return out;
}

export function settingLabel(setting: Partial<Record<SweepKey, string>>): string {
    const parts = Object.entries(setting).map(([k, v]) => `${k}=${v}`);
    return parts.length > 0 ? parts.join(' ') : '(plan)';
}

/** Settings x seeds (seeds default to the plan's own), tasks with the same plan kept once. */
export function expandTasks(
    plan: ExecutionPlan,
    settings: readonly Setting[],
    seeds?: readonly number[],
    data: readonly DataDigest[] = []
): SweepTask[] {
    const tasks: SweepTask[] = [];
    const seen = new Set<string>();
    for (const setting of combinations(settings)) {
        for (const seed of seeds ?? [plan.inference.seed]) {
            const resolved = applySetting(plan, setting);
            const taskPlan: ExecutionPlan = { ...resolved, inference: { ...resolved.inference, seed } };
            const hash = taskHash(taskPlan, data);
            if (seen.has(hash)) continue;
            seen.add(hash);
            tasks.push({ hash, setting, label: settingLabel(setting), seed, plan: taskPlan, data: [...data] });
        }
    }
    return tasks;
}
