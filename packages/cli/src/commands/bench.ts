/**
 * `moe bench FILE [--repeat N]`: run a model N times (quietly) and report the wall-clock
 * seconds of each run and the throughput the engine measured.
 */
import { runPlan, type RunResult } from '@moe-studio/engine';
import { applyOverrides, loadPlanFile, usageError } from './run/load-plan.js';
import { count, num } from './run/format.js';

export async function benchCommand(file: string, options: { repeat: string }): Promise<number> {
    const repeat = /^\d+$/.test(options.repeat) ? Number(options.repeat) : NaN;
    if (!Number.isSafeInteger(repeat) || repeat < 1) return usageError(`--repeat must be a positive integer, got '${options.repeat}'`);
    const loaded = await loadPlanFile(file);
    if (loaded.plan === undefined) return loaded.exitCode;
    const plan = applyOverrides(loaded.plan, {});
    if (plan === 2) return 2;

    const seconds: number[] = [];
    let last: RunResult | undefined;
    for (let i = 0; i < repeat; i++) {
        const started = process.hrtime.bigint();
        last = await runPlan(plan);
        seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    const sorted = [...seconds].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
    const lines = [
        `${plan.model.name} (${plan.inference.algorithm}), ${repeat} run${repeat === 1 ? '' : 's'}`,
        `  seconds per run: ${seconds.map(s => num(s, 4)).join(', ')}`,
        `  min ${num(sorted[0], 4)} s, median ${num(median, 4)} s, mean ${num(mean, 4)} s`
    ];
    if (last?.algorithm === 'particle-learning') {
        const work = last.particles * last.observations;
        lines.push(`  ${count(work / median)} particle-observations/s (median run, ${count(last.particles)} particles x ${count(last.observations)} observations)`);
    } else if (last?.algorithm === 'em') {
        const iterations = last.restarts.reduce((a, r) => a + r.iterations, 0) || last.iterations;
        lines.push(`  ${num(iterations / median, 4)} EM iterations/s (median run, ${iterations} iterations over ${last.restarts.length} restarts), `
            + `${count(last.observations)} observations`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
}
