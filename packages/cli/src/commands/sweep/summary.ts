/**
 * The per-setting summary of a sweep: over the seeds of each setting, the mean and standard
 * deviation of the log evidence (particle learning: log marginal likelihood; EM: the
 * log-likelihood), the mean effective number of experts, the mean held-out log predictive
 * density and the mean run time.
 */
import type { RunResult } from '@moe-studio/engine';
import { num, table } from '../run/format.js';

export interface TaskOutcome {
    label: string;
    result: RunResult;
}

export interface SettingSummary {
    setting: string;
    tasks: number;
    logEvidence: { mean: number; sd: number | null };
    /** Particle learning: exp of the entropy of the expert usage. */
    effectiveExperts: number | null;
    meanLogPredictiveDensity: number | null;
    seconds: number;
}

/** Log marginal likelihood (particle learning) or log-likelihood (EM). */
export function logEvidence(result: RunResult): number {
    return result.algorithm === 'particle-learning' ? result.logMarginalLikelihood : result.logLikelihood;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanOrNull = (xs: number[]) => (xs.length > 0 ? mean(xs) : null);
function sd(xs: number[]): number | null {
    if (xs.length < 2) return null;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** One row per setting, in the order the settings first appear. */
export function summarize(outcomes: readonly TaskOutcome[]): SettingSummary[] {
    const groups = new Map<string, RunResult[]>();
    for (const { label, result } of outcomes) groups.set(label, [...(groups.get(label) ?? []), result]);
    return [...groups].map(([setting, results]) => {
        const evidence = results.map(logEvidence);
        return {
            setting,
            tasks: results.length,
            logEvidence: { mean: mean(evidence), sd: sd(evidence) },
            effectiveExperts: meanOrNull(
                results.flatMap(r => (r.algorithm === 'particle-learning' ? [r.effectiveExperts.entropy] : []))
            ),
            meanLogPredictiveDensity: meanOrNull(
                results.flatMap(r => (r.predictive ? [r.predictive.meanLogPredictiveDensity] : []))
            ),
            seconds: mean(results.map(r => r.timing.seconds))
        };
    });
}

export function formatSweepSummary(summaries: readonly SettingSummary[], algorithm: RunResult['algorithm']): string {
    const evidence = algorithm === 'particle-learning' ? 'log ML' : 'log-lik';
    const headers = [
        'setting',
        'tasks',
        `${evidence} mean`,
        `${evidence} sd`,
        'eff. experts',
        'held-out mlpd',
        'seconds'
    ];
    const rows = summaries.map(s => [
        s.setting,
        String(s.tasks),
        num(s.logEvidence.mean, 7),
        s.logEvidence.sd === null ? '-' : num(s.logEvidence.sd, 3),
        s.effectiveExperts === null ? '-' : num(s.effectiveExperts, 3),
        s.meanLogPredictiveDensity === null ? '-' : num(s.meanLogPredictiveDensity, 4),
        num(s.seconds, 3)
    ]);
    return `${table(headers, rows)}\n`;
}
