/**
 * `moe bench FILE [--repeat N]`: run a model N times (quietly) and report the wall-clock
 * seconds of each run and the throughput the engine measured.
 */
import { runPlan, type RunResult } from '@moe-studio/engine';
import { loadPlanFile, usageError } from './run/load-plan.js';
import { count, num } from './run/format.js';

export async function benchCommand(file: string, options: { repeat: string }): Promise<number> {
    const repeat = /^\d+$/.test(options.repeat) ? Number(options.repeat) : NaN;
    if (!Number.isSafeInteger(repeat) || repeat < 1)
        return usageError(`--repeat must be a positive integer, got '${options.repeat}'`);
    const loaded = await loadPlanFile(file);
    if (loaded.plan === undefined) return loaded.exitCode;
    const plan = loaded.plan;

    const seconds: number[] = [];
    const engineSeconds: number[] = [];
    let last: RunResult | undefined;
    for (let i = 0; i < repeat; i++) {
        const started = process.hrtime.bigint();
        last = await runPlan(plan);
        seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
        engineSeconds.push(last.timing.seconds);
    }
    const sorted = [...seconds].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
    const fit = [...engineSeconds].sort((a, b) => a - b)[Math.floor((engineSeconds.length - 1) / 2)]!;
    const lines = [
        `${plan.model.name} (${plan.inference.algorithm}), ${repeat} run${repeat === 1 ? '' : 's'}`,
        `  seconds per run (loading the data included): ${seconds.map(s => num(s, 4)).join(', ')}`,
        `  min ${num(sorted[0], 4)} s, median ${num(median, 4)} s, mean ${num(mean, 4)} s; median inference time ${num(fit, 4)} s`,
        ...(repeat > 1 ? ['  (the first run also pays for compiling the code paths; min and median discount it)'] : [])
    ];
    if (last?.algorithm === 'particle-learning') {
        const work = last.particles * last.observations;
        lines.push(
            `  ${count(work / fit)} particle-observations/s (median inference time, ${count(last.particles)} particles x ${count(last.observations)} observations)`
        );
    } else if (last?.algorithm === 'em') {
        const iterations = last.restarts.reduce((a, r) => a + r.iterations, 0) || last.iterations;
        lines.push(
            `  ${num(iterations / fit, 4)} EM iterations/s (median inference time, ${iterations} iterations over ${last.restarts.length} restarts), ` +
                `${count(last.observations)} observations`
        );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
}
