/**
 * `moe experiment NAME [--json OUT] [--replicates N] [--quick]`: built-in experiments.
 * hmoe-rates: the HMOE-RATES protocol (estimation error of SS, SL and LL hierarchical MoE fits
 * against sample size, exact- and over-specified), printed as a table.
 */
import { formatRatesTable, RATES_DEFAULT, RATES_QUICK, runRatesExperiment } from '@moe-studio/engine';
import { writeJsonAtomic } from '@moe-studio/engine/files';

const EXPERIMENTS = ['hmoe-rates'];

export async function experimentCommand(name: string, options: { json?: string; replicates?: string; quick?: boolean }): Promise<number> {
    if (!EXPERIMENTS.includes(name)) {
        process.stderr.write(`moe: unknown experiment '${name}' (known: ${EXPERIMENTS.join(', ')})\n`);
        return 2;
    }
    const config = { ...(options.quick ? RATES_QUICK : RATES_DEFAULT) };
    if (options.replicates !== undefined) {
        const r = /^\d+$/.test(options.replicates) ? Number(options.replicates) : NaN;
        if (!Number.isSafeInteger(r) || r < 1) {
            process.stderr.write(`moe: --replicates must be a positive integer, got '${options.replicates}'\n`);
            return 2;
        }
        config.replicates = r;
    }
    const interactive = process.stderr.isTTY === true;
    const result = runRatesExperiment(config, (fit, done, total) => {
        if (interactive) process.stderr.write(`\r${done}/${total} fits (${fit.gates} ${fit.case} n=${fit.n})   `);
    });
    if (interactive) process.stderr.write('\r\x1b[K');
    process.stdout.write(formatRatesTable(result) + '\n');
    if (options.json) {
        try {
            await writeJsonAtomic(options.json, result);
        } catch (error) {
            process.stderr.write(`moe: cannot write ${options.json}: ${error instanceof Error ? error.message : String(error)}\n`);
            return 2;
        }
    }
    return 0;
}
