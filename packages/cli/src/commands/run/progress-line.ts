/**
 * The progress bar of `moe run` on a terminal: one line on stderr, redrawn in place.
 * Each call writes immediately; the runners bound the call rate (RunHooks.progressIntervalMs).
 */
import type { RunProgress } from '@moe-studio/engine';
import { duration, num } from './format.js';
import { statusLineDrawn } from '../../status-line.js';

export class ProgressLine {
    private drawn = false;
    /** Text put before the bar (`moe sweep`: which task of how many). */
    label = '';

    /** `drawn`: a line is already on the terminal (the launcher's, bin/moe.cjs) that this one replaces. */
    constructor(
        private readonly stream: NodeJS.WriteStream,
        drawn = false
    ) {
        this.drawn = drawn;
        if (drawn && stream === process.stderr) statusLineDrawn(() => this.clear());
    }

    /** A line that says what the run is doing before it has progress to show (compiling the model). */
    status(text: string): void {
        this.write(`${this.label}${text}`);
    }

    update(progress: RunProgress): void {
        if (progress.phase === 'loading') {
            this.status(`loading the plan and data | elapsed ${duration(progress.elapsedSeconds)}`);
            return;
        }
        const extras: string[] = [];
        if (progress.phase === 'summarising') extras.push('summaries and held-out predictive');
        if (progress.ess !== undefined) extras.push(`ESS ${Math.round(progress.ess)}`);
        if (progress.iteration !== undefined) extras.push(`iteration ${progress.iteration}`);
        if (progress.logLikelihood !== undefined) extras.push(`log-lik ${num(progress.logLikelihood, 7)}`);
        this.count(progress.observationsDone, progress.observationsTotal, 'obs', progress.elapsedSeconds, extras);
    }

    /** A bar for `done` of `total` things (observations, tasks) with the elapsed time and an ETA. */
    count(
        doneGiven: number,
        totalGiven: number,
        unit: string,
        elapsedSeconds: number,
        extras: readonly string[] = []
    ): void {
        const total = Math.max(totalGiven, 1);
        const done = Math.min(doneGiven, total);
        const fraction = done / total;
        const parts = [`${done}/${totalGiven} ${unit}`, ...extras];
        parts.push(`elapsed ${duration(elapsedSeconds)}`);
        if (fraction > 0 && fraction < 1) {
            parts.push(`ETA ${duration((elapsedSeconds * (1 - fraction)) / fraction)}`);
        }
        const text = parts.join(' | ');
        const columns = this.stream.columns || 80; // 0 when the terminal does not report a width
        // A fixed width for the run (from the terminal's), so the bar does not jitter as text changes.
        const barWidth = Math.max(10, Math.min(30, columns - 75));
        const filled = Math.round(fraction * barWidth);
        const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
        this.write(`${this.label}${bar} ${text}`);
    }

    private write(text: string): void {
        const columns = this.stream.columns || 80;
        const line = text.slice(0, Math.max(columns - 1, 20));
        // \r returns to the line start, \x1b[K clears what a longer previous line left behind.
        this.stream.write(`\r${line}\x1b[K`);
        this.drawn = true;
        if (this.stream === process.stderr) statusLineDrawn(() => this.clear());
    }

    /** Remove the bar so the summary starts on a clean line. */
    clear(): void {
        if (this.drawn) this.stream.write('\r\x1b[K');
        this.drawn = false;
        if (this.stream === process.stderr) statusLineDrawn(undefined);
    }
}
