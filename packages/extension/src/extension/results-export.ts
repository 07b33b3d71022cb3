/**
 * Run results as CSV: one table of per-expert summaries and one of per-observation series
 * (ESS, resampling, evidence increments, allocations; or EM responsibilities and predictions).
 */
import { binEnds, type RunResult } from '@moe-studio/engine/result';
import { dataFingerprint } from './run-identity.js';

function cell(value: unknown): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function table(header: string[], rows: unknown[][]): string {
    return [header, ...rows].map(r => r.map(cell).join(',')).join('\n') + '\n';
}

/** One row per expert: usage or share, noise variance, coefficients (and intervals for PL). */
export function expertsCsv(result: RunResult): string {
    const inputs = result.inputs;
    if (result.algorithm === 'particle-learning') {
        const header = [
            'expert',
            'usage',
            'usage_lower90',
            'usage_upper90',
            'noise_variance',
            ...inputs.flatMap(c => [`coef_${c}`, `coef_${c}_lower90`, `coef_${c}_upper90`])
        ];
        const rows = result.experts.map(e => [
            e.index + 1,
            e.usage,
            e.usageInterval.lower,
            e.usageInterval.upper,
            e.noiseVariance,
            ...inputs.flatMap((_, j) => [
                e.coefficients[j],
                e.coefficientIntervals[j]?.lower,
                e.coefficientIntervals[j]?.upper
            ])
        ]);
        return table(header, rows);
    }
    const header = ['outer', 'inner', 'share', 'variance', ...inputs.map(c => `coef_${c}`)];
    const rows = result.experts.map(e => [
        e.outer + 1,
        e.inner + 1,
        e.share,
        e.variance,
        ...inputs.map((_, j) => e.coefficients[j])
    ]);
    return table(header, rows);
}

/**
 * One row per observation (per bin of observations for particle learning, whose traces are
 * binned: PlDiagnostics), or undefined when the result holds no per-observation series.
 */
export function observationsCsv(result: RunResult): string | undefined {
    if (result.algorithm === 'particle-learning') {
        const d = result.diagnostics;
        if (d.ess.min.length === 0) return undefined;
        const k = result.experts.length;
        const ends = binEnds(d, result.observations);
        const header = [
            'first_observation',
            'last_observation',
            'ess_min',
            'ess_mean',
            'ess_max',
            'resamplings',
            'log_evidence_increment',
            ...Array.from({ length: k }, (_, i) => `allocation_${i + 1}`)
        ];
        const rows = ends.map((end, b) => [
            b * d.binWidth + 1,
            end,
            d.ess.min[b],
            d.ess.mean[b],
            d.ess.max[b],
            d.resamplings[b],
            d.logEvidenceIncrements[b],
            ...(d.allocation[b] ?? [])
        ]);
        return table(header, rows);
    }
    if (result.responsibilities.length === 0) return undefined;
    const header = ['observation', ...result.experts.map(e => `responsibility_${e.outer + 1}_${e.inner + 1}`)];
    return table(
        header,
        result.responsibilities.map((r, t) => [t + 1, ...r])
    );
}

/** Per-observation held-out predictions, when the model has a held-out stream. */
export function predictiveCsv(result: RunResult): string | undefined {
    const p = result.predictive;
    if (!p || p.points.length === 0) return undefined;
    const levels = Object.keys(p.points[0].intervals).sort();
    const header = ['observation', 'y', 'mean', ...levels.flatMap(l => [`lower_${l}`, `upper_${l}`])];
    return table(
        header,
        p.points.map((pt, i) => [
            (pt.index ?? i) + 1,
            pt.y,
            pt.mean,
            ...levels.flatMap(l => [pt.intervals[l]?.lower, pt.intervals[l]?.upper])
        ])
    );
}

/**
 * Runs are comparable when they saw the same data: the key reads as its size and columns and
 * ends with the data's fingerprint (run-identity.ts), which tells apart data of the same shape.
 */
export function dataKeyOf(result: RunResult): string {
    return `${result.observations} observations; ${result.inputs.join(', ')} · data ${dataFingerprint(result)}`;
}

export interface LabelledResult {
    label: string;
    result: RunResult;
}

/** Several runs' expert tables stacked, with a leading `run` column (comparison export). */
export function comparisonCsv(runs: LabelledResult[]): string {
    const tables = runs.map(r => expertsCsv(r.result).trimEnd().split('\n'));
    const header = ['run', ...new Set(tables.flatMap(t => t[0].split(',')))];
    const lines = [header.join(',')];
    runs.forEach((run, i) => {
        const [head, ...rows] = tables[i];
        const columns = head.split(',');
        for (const row of rows) {
            const values = row.split(',');
            lines.push(
                [
                    cell(run.label),
                    ...header.slice(1).map(h => {
                        const j = columns.indexOf(h);
                        return j < 0 ? '' : values[j];
                    })
                ].join(',')
            );
        }
    });
    return lines.join('\n') + '\n';
}
