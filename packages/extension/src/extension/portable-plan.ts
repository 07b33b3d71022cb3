/**
 * A plan that can move to another machine: the model's source and every CSV path written
 * relative to the model's folder (the folder the plan is saved into), which `moe run PLAN.json`
 * resolves against the plan's own folder. Pure, so it is tested without VS Code.
 */
import * as path from 'node:path';
import type { ExecutionPlan, StreamSpec } from '@moe-studio/engine/plan';

/** `file` relative to `base`, with forward slashes; unchanged when it is not absolute. */
export function relativeTo(base: string, file: string): string {
    if (!path.isAbsolute(file)) return file;
    return path.relative(base, file).split(path.sep).join('/') || '.';
}

export function portablePlan(plan: ExecutionPlan): ExecutionPlan {
    const base = path.dirname(plan.model.source);
    const stream = (s: StreamSpec): StreamSpec =>
        s.source.kind === 'csv' ? { ...s, source: { ...s.source, path: relativeTo(base, s.source.path) } } : s;
    const data: ExecutionPlan['data'] = { ...plan.data, train: stream(plan.data.train) };
    if (plan.data.test) data.test = stream(plan.data.test);
    return { ...plan, model: { ...plan.model, source: path.basename(plan.model.source) }, data };
}
