/**
 * Reads a `moe sweep` for the sweep view: either its `--json` summary (whose `tasks` list every
 * task's numbers) or its results folder (one `<sha256>.json` per task, holding the setting, the
 * seed and the whole result; see packages/cli/src/tasks/result-store.ts). Pure: the
 * caller reads the files, so this is tested without VS Code. Anything malformed is skipped and
 * named, never trusted.
 */
import type { RunResult } from '@moe-studio/engine';
import { SWEEP_METRICS } from '../shared/sweep-view.js';
import type {
    MetricSummary,
    SweepMetric,
    SweepSettingSummary,
    SweepTaskRow,
    SweepViewData
} from '../shared/sweep-view.js';

export class SweepReadError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** "particles=20 gate.prior=hs", in the order the sweep gave its keys, as `moe sweep` labels a row. */
export function settingLabel(setting: Record<string, unknown>): string {
    const parts = Object.entries(setting).map(([k, v]) => `${k}=${String(v)}`);
    return parts.length > 0 ? parts.join(' ') : '(plan)';
}

function mean(xs: number[]): number {
    return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function summarizeMetric(values: Array<{ seed: number; value: number }>): MetricSummary | undefined {
    if (values.length === 0) return undefined;
    const xs = values.map(v => v.value);
    const m = mean(xs);
    const sd = xs.length < 2 ? null : Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    return {
        values: [...values].sort((a, b) => a.seed - b.seed),
        mean: m,
        sd,
        se: sd === null ? null : sd / Math.sqrt(xs.length)
    };
}

/** One summary per setting, in the order the settings first appear. */
export function summarizeRows(rows: readonly SweepTaskRow[]): SweepSettingSummary[] {
    const groups = new Map<string, SweepTaskRow[]>();
    for (const row of rows) groups.set(row.setting, [...(groups.get(row.setting) ?? []), row]);
    return [...groups].map(([setting, group]) => {
        const metrics: Partial<Record<SweepMetric, MetricSummary>> = {};
        for (const metric of SWEEP_METRICS) {
            const summary = summarizeMetric(
                group.flatMap(r => (r.values[metric] === null ? [] : [{ seed: r.seed, value: r.values[metric]! }]))
            );
            if (summary) metrics[metric] = summary;
        }
        return { setting, tasks: group.length, metrics };
    });
}

/** The view of a sweep's `--json` summary (`moe sweep ... --json out.json`). */
export function sweepFromSummaryJson(text: string, shown: string): SweepViewData {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new SweepReadError(`${shown} is not valid JSON.`);
    }
    if (
        !isRecord(doc) ||
        !Array.isArray(doc.tasks) ||
        !isRecord(doc.model) ||
        (doc.algorithm !== 'particle-learning' && doc.algorithm !== 'em')
    ) {
        throw new SweepReadError(
            `${shown} is not the --json summary of moe sweep (it needs model, algorithm and tasks).`
        );
    }
    const rows: SweepTaskRow[] = [];
    const skipped: string[] = [];
    doc.tasks.forEach((task: unknown, i: number) => {
        if (
            !isRecord(task) ||
            !isRecord(task.setting) ||
            typeof task.seed !== 'number' ||
            finiteOrNull(task.logEvidence) === null
        ) {
            skipped.push(`task ${i + 1}: not a sweep task (needs setting, seed and logEvidence)`);
            return;
        }
        rows.push({
            setting: settingLabel(task.setting),
            seed: task.seed,
            values: {
                logEvidence: finiteOrNull(task.logEvidence),
                effectiveExperts: finiteOrNull(task.effectiveExperts),
                meanLogPredictiveDensity: finiteOrNull(task.meanLogPredictiveDensity),
                seconds: finiteOrNull(task.seconds)
            }
        });
    });
    return {
        shown,
        model: { name: typeof doc.model.name === 'string' ? doc.model.name : 'model' },
        algorithm: doc.algorithm,
        settings: summarizeRows(rows),
        skipped
    };
}

/** The metrics of one stored result, as `moe sweep` reports them. */
export function resultMetrics(result: RunResult): Record<SweepMetric, number | null> {
    return {
        logEvidence: finiteOrNull(
            result.algorithm === 'particle-learning' ? result.logMarginalLikelihood : result.logLikelihood
        ),
        effectiveExperts:
            result.algorithm === 'particle-learning' ? finiteOrNull(result.effectiveExperts?.entropy) : null,
        meanLogPredictiveDensity: finiteOrNull(result.predictive?.meanLogPredictiveDensity),
        seconds: finiteOrNull(result.timing?.seconds)
    };
}

/** A stored task's file name: `<sha256 hex>.json` (temporary files start with a dot). */
export const STORED_TASK_NAME = /^[0-9a-f]{64}\.json$/;

/**
 * The view of a sweep's results folder. Tasks of several models are told apart by prefixing
 * the setting with the model's name.
 */
export function sweepFromStoredTasks(
    files: ReadonlyArray<{ name: string; text: string }>,
    shown: string
): SweepViewData {
    const skipped: string[] = [];
    const tasks: Array<{
        model: string;
        algorithm: RunResult['algorithm'];
        setting: string;
        seed: number;
        result: RunResult;
    }> = [];
    for (const { name, text } of files) {
        let stored: unknown;
        try {
            stored = JSON.parse(text);
        } catch {
            skipped.push(`${name}: not valid JSON`);
            continue;
        }
        const result = isRecord(stored) ? stored.result : undefined;
        if (
            !isRecord(stored) ||
            `${stored.hash}.json` !== name ||
            !isRecord(stored.setting) ||
            typeof stored.seed !== 'number' ||
            !isRecord(result) ||
            (result.algorithm !== 'particle-learning' && result.algorithm !== 'em') ||
            !isRecord(result.model)
        ) {
            skipped.push(`${name}: not a stored sweep task`);
            continue;
        }
        const r = result as unknown as RunResult;
        tasks.push({
            model: String(r.model.name),
            algorithm: r.algorithm,
            setting: settingLabel(stored.setting),
            seed: stored.seed,
            result: r
        });
    }
    if (tasks.length === 0)
        throw new SweepReadError(
            `${shown} holds no stored sweep tasks (<sha256>.json files written by moe sweep)${skipped.length ? `; skipped ${skipped.length} file(s)` : ''}.`
        );
    const models = [...new Set(tasks.map(t => t.model))];
    const algorithms = [...new Set(tasks.map(t => t.algorithm))];
    const byLabel = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    const rows = tasks
        .map(t => ({
            setting: models.length > 1 ? `${t.model}: ${t.setting}` : t.setting,
            seed: t.seed,
            values: resultMetrics(t.result)
        }))
        .sort((a, b) => byLabel(a.setting, b.setting) || a.seed - b.seed);
    return {
        shown,
        model: { name: models.join(', ') },
        algorithm: algorithms.length === 1 ? algorithms[0] : 'mixed',
        settings: summarizeRows(rows),
        skipped
    };
}
