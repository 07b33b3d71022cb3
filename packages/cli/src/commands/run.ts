/**
 * `moe run FILE.moe|PLAN.json [--json OUT] [--seed N] [--particles N] [--chains N] [--jobs N] [--quiet]`:
 * compile or validate, run the plan with a progress bar on a terminal, print a summary, write
 * the result. The filters of a particle-learning plan run side by side on up to --jobs threads.
 * Exit codes: 0 ok, 1 invalid model or data (errors printed), 2 usage errors, 130 cancelled with
 * Ctrl-C (the conventional 128 + SIGINT).
 */
import { CancelledError, DataError, NumericalError, PlanError, type ExecutionPlan } from '@moe-studio/engine';
import { resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@moe-studio/engine/files';
import {
    applyOverrides,
    displayPath,
    jsonFolderMissing,
    loadPlanFile,
    parseJobs,
    parseOverrides,
    usageError
} from './run/load-plan.js';
import { ProgressLine } from './run/progress-line.js';
import { PrestartedWorker, runInWorker } from './run/run-in-worker.js';
import { formatSummary } from './run/summary.js';
import { takeLauncherLine, writeMessage } from '../status-line.js';

export interface RunOptions {
    json?: string;
    seed?: string;
    particles?: string;
    chains?: string;
    jobs?: string;
    quiet?: boolean;
    allowDataOutside?: boolean;
    fullTraces?: string;
}

/** DataError as FILE:LINE: MESSAGE (FILE: MESSAGE when the problem is the file as a whole). */
export function formatDataError(error: DataError): string {
    const file = displayPath(error.file);
    return error.line > 0 ? `${file}:${error.line}: ${error.reason}` : `${file}: ${error.reason}`;
}

/**
 * For a model file, point back to the declaration of the stream whose data was bad, so an
 * editor can jump from the data error to the model line that reads the file.
 */
function streamNote(plan: ExecutionPlan, dataFile: string, given: string): string | undefined {
    if (!given.toLowerCase().endsWith('.moe')) return undefined;
    const streams = [plan.data.train, ...(plan.data.test ? [plan.data.test] : [])];
    const stream = streams.find(s => s.source.kind === 'csv' && s.source.path === dataFile);
    return stream
        ? `${displayPath(plan.model.source)}:${stream.line}:1: note: in data stream '${stream.name}'`
        : undefined;
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
    // The progress line comes first, so the run shows at once (messages clear it: status-line.ts).
    const progress =
        !options.quiet && process.stderr.isTTY ? new ProgressLine(process.stderr, takeLauncherLine()) : undefined;
    const overrides = parseOverrides(options);
    if (overrides === 2) return 2;
    const threads = parseJobs(options.jobs);
    if (threads === 2) return 2;
    if (jsonFolderMissing(options.json) || jsonFolderMissing(options.fullTraces, '--full-traces')) return 2;
    progress?.status(`${file.toLowerCase().endsWith('.moe') ? 'compiling' : 'reading'} ${displayPath(file)}`);
    // The worker's thread loads and warms up on the other core while this one compiles.
    const worker = new PrestartedWorker();
    const loaded = await loadPlanFile(file, options);
    if (loaded.plan === undefined) {
        void worker.terminate();
        return loaded.exitCode;
    }
    const plan = applyOverrides(loaded.plan, overrides);
    if (plan === 2) {
        void worker.terminate();
        return 2;
    }

    // Without --json nothing shows the plotted rows' interval end points: skip them.
    const run = runInWorker(plan, progress ? p => progress.update(p) : undefined, {
        worker,
        jobs: threads.jobs,
        fullTraces: options.fullTraces !== undefined,
        heldOutPoints: options.json === undefined ? 0 : undefined
    });
    // Ctrl-C asks the run to stop at its next progress point; a second one stops it at once.
    let interrupts = 0;
    const onInterrupt = () => {
        interrupts++;
        if (interrupts === 1) run.cancel();
        else void run.terminate();
    };
    process.on('SIGINT', onInterrupt);
    let result;
    try {
        result = await run.result;
    } catch (error) {
        progress?.clear();
        if (error instanceof CancelledError || interrupts > 1) {
            writeMessage(`${displayPath(file)}: run cancelled\n`);
            return 130;
        }
        if (error instanceof DataError) {
            writeMessage(`${formatDataError(error)}\n`);
            const note = streamNote(plan, error.file, file);
            if (note) writeMessage(`${note}\n`);
            return 1;
        }
        if (error instanceof PlanError) {
            writeMessage(`${displayPath(file)}: error: ${error.message}\n`);
            return 1;
        }
        if (error instanceof NumericalError) {
            writeMessage(`${displayPath(file)}: error: the run stopped: ${error.message}\n`);
            return 1;
        }
        throw error;
    } finally {
        process.off('SIGINT', onInterrupt);
    }
    progress?.clear();

    const full = result.algorithm === 'particle-learning' ? result.diagnostics.full : undefined;
    if (full?.values && options.fullTraces) {
        try {
            await writeFileAtomic(
                options.fullTraces,
                new Uint8Array(full.values.buffer, full.values.byteOffset, full.values.byteLength)
            );
        } catch (error) {
            return usageError(`cannot write ${options.fullTraces}: ${(error as Error).message}`);
        }
        // The JSON says where the rows are and what they hold; the numbers stay in the binary file.
        delete full.values;
        full.file = resolve(options.fullTraces);
    }
    if (options.json) {
        try {
            await writeJsonAtomic(options.json, result);
        } catch (error) {
            return usageError(`cannot write ${options.json}: ${(error as Error).message}`);
        }
    }
    if (!options.quiet) process.stdout.write(formatSummary(result));
    return 0;
}
