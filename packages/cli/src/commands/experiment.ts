/**
 * `moe experiment NAME [--out DIR] [--replicates N] [--seed S] [--quick]`: built-in experiments,
 * each writing a report folder (summary.md, CSV tables, SVG plots, result.json).
 */
import { resolve } from 'node:path';
import type { Experiment } from '../experiments/experiment.js';
import { hmoeRates } from '../experiments/hmoe-rates/index.js';
import { hmoeSoftmaxRate } from '../experiments/hmoe-softmax-rate/index.js';
import { writeReportFolder } from '../experiments/report-folder.js';

const EXPERIMENTS: Experiment[] = [hmoeSoftmaxRate, hmoeRates];

function positiveInteger(text: string | undefined, flag: string, allowZero = false): number | undefined | string {
    if (text === undefined) return undefined;
    const v = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(v) || v < (allowZero ? 0 : 1)) return `moe: ${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${text}'\n`;
    return v;
}

export async function experimentCommand(name: string, options: { out?: string; replicates?: string; seed?: string; quick?: boolean }): Promise<number> {
    const experiment = EXPERIMENTS.find(e => e.name === name);
    if (!experiment) {
        process.stderr.write(`moe: unknown experiment '${name}' (known: ${EXPERIMENTS.map(e => e.name).join(', ')})\n`);
        return 2;
    }
    const replicates = positiveInteger(options.replicates, '--replicates');
    const seed = positiveInteger(options.seed, '--seed', true);
    for (const v of [replicates, seed]) {
        if (typeof v === 'string') {
            process.stderr.write(v);
            return 2;
        }
    }
    const folder = resolve(options.out ?? `reports/${name}`);
    const interactive = process.stderr.isTTY === true;
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    try {
        const report = await experiment.run({
            quick: options.quick === true, jobs: 1, seed: (seed as number | undefined) ?? 1,
            ...(replicates !== undefined ? { replicates: replicates as number } : {}),
            signal: controller.signal,
            onProgress: (done, total, label) => {
                if (interactive) process.stderr.write(`\r${done}/${total} fits (${label})\x1b[K`);
            },
        });
        if (interactive) process.stderr.write('\r\x1b[K');
        const files = await writeReportFolder(folder, report);
        process.stdout.write(report.markdown + '\n');
        process.stderr.write(`moe: wrote ${files.length} files to ${folder}${report.stopped ? ' (stopped early: partial results)' : ''}\n`);
        return report.stopped ? 130 : 0;
    } catch (error) {
        process.stderr.write(`moe: experiment ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
    } finally {
        process.off('SIGINT', onSigint);
    }
}
