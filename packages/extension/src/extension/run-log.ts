/**
 * What the output channel and the progress notification say about a run. Pure text, so it is
 * tested without VS Code. Locations are printed as `PATH:LINE:COLUMN`, which the output channel
 * turns into links back to the model or its data.
 */
import type { ExecutionPlan, SourceSpec } from '@moe-studio/engine/plan';
import type { RunProgress, RunResult } from '@moe-studio/engine';
import type { MoeProblem } from '@moe-studio/language/messages';
import type { SerializedRunError } from '@moe-studio/engine';

export function formatProblem(p: MoeProblem): string {
    return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

function describeSource(source: SourceSpec): string {
    switch (source.kind) {
        case 'csv':
            return `CSV ${source.path} (target ${source.target}; inputs ${source.inputs.join(', ') || 'none'})`;
        case 'sparse-experts':
            return `sparse-experts generator (K=${source.experts}, s=${source.active}, n=${source.n}, p=${source.inputs}, seed ${source.seed})`;
        case 'hierarchical':
            return `hierarchical generator (n=${source.n}, p=${source.inputs}, seed ${source.seed})`;
        case 'shift':
            return `shift generator (n=${source.n}, shift at ${source.shiftAt}, seed ${source.seed})`;
    }
}

function describeInference(plan: ExecutionPlan): string {
    const inf = plan.inference;
    return inf.algorithm === 'particle-learning'
        ? `particle learning: ${inf.particles} particles, ${inf.resampling} resampling below ESS ${inf.essThreshold}·N, sweep every ${inf.sweepEvery}, seed ${inf.seed}`
        : `EM: up to ${inf.maxIterations} iterations, tolerance ${inf.tolerance}, ${inf.restarts} restarts (${inf.initialization}), seed ${inf.seed}`;
}

export interface RunOverrides {
    particles: number | null;
    seed: number | null;
    /** Independent filters (particle learning). */ chains?: number | null;
}

/** Applies the `moe.run.*` overrides to a compiled plan (as `moe run --seed/--particles` do). */
export function applyOverrides(plan: ExecutionPlan, overrides: RunOverrides): ExecutionPlan {
    const inference = { ...plan.inference };
    if (overrides.seed !== null) inference.seed = overrides.seed;
    if (overrides.particles !== null && inference.algorithm === 'particle-learning')
        inference.particles = overrides.particles;
    if (overrides.chains != null && inference.algorithm === 'particle-learning') inference.chains = overrides.chains;
    return { ...plan, inference };
}

export function formatRunStart(plan: ExecutionPlan, overrides: RunOverrides, when: Date): string[] {
    const lines = [
        `[${when.toISOString()}] run ${plan.model.name} (${plan.model.source})`,
        `  train: ${plan.data.train.name}: ${describeSource(plan.data.train.source)}`
    ];
    if (plan.data.test) lines.push(`  test:  ${plan.data.test.name}: ${describeSource(plan.data.test.source)}`);
    lines.push(
        `  experts: ${plan.experts.count} ${plan.experts.family}; gate: ${plan.gate.type === 'stick-breaking' ? `stick-breaking (${plan.gate.prior.kind} prior)` : `${plan.gate.outer.gate}-${plan.gate.inner.gate} (${plan.gate.outer.branches}x${plan.gate.inner.branches})`}`
    );
    lines.push(`  ${describeInference(plan)}`);
    const set = [
        overrides.seed !== null ? `seed=${overrides.seed}` : '',
        overrides.particles !== null ? `particles=${overrides.particles}` : '',
        overrides.chains != null ? `chains=${overrides.chains}` : ''
    ].filter(Boolean);
    lines.push(`  overrides: ${set.length ? set.join(', ') : "none (the model's values)"}`);
    return lines;
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));

export function formatResultSummary(result: RunResult, seconds: number): string[] {
    const lines: string[] = [];
    if (result.algorithm === 'particle-learning') {
        lines.push(
            `  done in ${fmt(seconds, 3)} s: ${result.observations} observations, ${result.particles} particles, ${fmt(result.timing.particleObservationsPerSecond ?? NaN, 3)} particle-observations/s`
        );
        lines.push(
            `  log marginal likelihood ${fmt(result.logMarginalLikelihood, 6)}; effective experts ${fmt(result.effectiveExperts.entropy, 3)} (exp entropy); ${result.chains.length} filter(s)${result.agreement.messages.length > 0 ? `; FILTERS DISAGREE: ${result.agreement.messages.join('; ')}` : ''}; resampled ${result.diagnostics.resamplings.reduce((a, c) => a + c, 0)} times`
        );
        lines.push(
            `  usage: ${result.experts.map(e => `#${e.index + 1} ${fmt(e.usage, 2)} [${fmt(e.usageInterval.lower, 2)}, ${fmt(e.usageInterval.upper, 2)}]`).join('  ')}`
        );
    } else {
        lines.push(
            `  done in ${fmt(seconds, 3)} s: ${result.iterations} iterations, ${result.converged ? 'converged' : 'NOT converged'}`
        );
        lines.push(
            `  log-likelihood ${fmt(result.logLikelihood, 6)}; AIC ${fmt(result.aic, 6)}; BIC ${fmt(result.bic, 6)}; ${result.parameters} parameters`
        );
        lines.push(
            `  shares: ${result.experts.map(e => `(${e.outer + 1},${e.inner + 1}) ${fmt(e.share, 2)}`).join('  ')}`
        );
    }
    if (result.predictive) {
        const p = result.predictive;
        lines.push(
            `  held-out: log predictive density ${fmt(p.logPredictiveDensity, 6)} (${fmt(p.meanLogPredictiveDensity, 4)} per observation), RMSE ${fmt(p.rmse, 4)}, coverage ${Object.entries(
                p.coverage
            )
                .map(([k, v]) => `${k}: ${fmt(v, 3)}`)
                .join(', ')}`
        );
    }
    for (const w of result.warnings) lines.push(`  warning: ${w}`);
    return lines;
}

/** The error line plus a location to click: the data file's line, or the model's stream declaration. */
export function formatRunError(error: SerializedRunError, plan: ExecutionPlan): string[] {
    const source = plan.model.source;
    const stream = plan.data.train;
    switch (error.kind) {
        case 'data':
            return error.file && error.line
                ? [
                      `  data error: ${error.message}`,
                      `  at ${error.file}:${error.line}:1`,
                      `  data declared at ${source}:${stream.line}:1`
                  ]
                : [`  data error: ${error.message}`, `  data declared at ${source}:${stream.line}:1`];
        case 'numerical':
            return [
                `  numerical error: ${error.message}`,
                `  while filtering the data declared at ${source}:${stream.line}:1`
            ];
        case 'plan':
            return [
                `  invalid plan${error.field ? ` (field ${error.field})` : ''}: ${error.message}`,
                `  model at ${source}:1:1`
            ];
        case 'cancelled':
            return ['  cancelled'];
        case 'internal':
            return [
                `  internal error: ${error.message}`,
                ...(error.stack
                    ? error.stack
                          .split('\n')
                          .slice(1, 6)
                          .map(l => `    ${l.trim()}`)
                    : [])
            ];
    }
}

/** Where in the model an error points to, as a 1-based line (for "Go to model"). */
export function errorModelLine(error: SerializedRunError, plan: ExecutionPlan): number {
    return error.kind === 'data' || error.kind === 'numerical' ? plan.data.train.line : 1;
}

/**
 * The progress notification's text: observations done, ESS (or EM iteration) and time left.
 * Once every observation is filtered the run still computes its held-out predictions and
 * summaries (the engine reports that phase as 'summarising'): say so rather than show a frozen
 * count. `timeLeft: false` leaves the estimate out (for a run that has stopped).
 */
export function formatProgress(
    p: RunProgress,
    options: { timeLeft?: boolean } = {}
): { message: string; fraction: number } {
    const timeLeft = options.timeLeft ?? true;
    if (p.phase === 'loading') return { message: 'loading the plan and data', fraction: 0 };
    if (p.iteration !== undefined) {
        // EM passes over all the data at every iteration: no fraction done, only how far it got.
        const parts = [`${p.observationsTotal.toLocaleString('en-US')} observations`, `EM iteration ${p.iteration}`];
        if (p.logLikelihood !== undefined) parts.push(`log-likelihood ${fmt(p.logLikelihood, 8)}`);
        parts.push(`${formatDuration(p.elapsedSeconds)} so far`);
        return { message: parts.join(' · '), fraction: 0 };
    }
    const fraction = p.observationsTotal > 0 ? Math.min(1, p.observationsDone / p.observationsTotal) : 0;
    const parts = [
        `${p.observationsDone.toLocaleString('en-US')}/${p.observationsTotal.toLocaleString('en-US')} observations`
    ];
    const summarising = p.phase === 'summarising' || fraction >= 1;
    if (p.phase !== 'summarising' && p.ess !== undefined) parts.push(`ESS ${Math.round(p.ess)}`);
    if (timeLeft && !summarising && fraction > 0)
        parts.push(`${formatDuration((p.elapsedSeconds * (1 - fraction)) / fraction)} left`);
    if (timeLeft && summarising) parts.push('filtering done; computing held-out predictions and summaries');
    return { message: parts.join(' · '), fraction };
}

export function formatDuration(seconds: number): string {
    if (!Number.isFinite(seconds) || seconds < 0) return '?';
    if (seconds < 10) return `${seconds.toFixed(1)} s`;
    if (seconds < 90) return `${Math.round(seconds)} s`;
    const m = Math.floor(seconds / 60);
    return `${m} min ${Math.round(seconds - 60 * m)} s`;
}
