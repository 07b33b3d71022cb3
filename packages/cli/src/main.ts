/**
 * The `moe` command: check, compile, run, sweep and bench `.moe` models from a terminal.
 * Exit codes: 0 success, 1 invalid model or data (errors printed), 2 usage errors
 * (unknown option, missing or unreadable file).
 */
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { runCommand } from './commands/run.js';
import { benchCommand } from './commands/bench.js';
import { experimentCommand } from './commands/experiment.js';
import { sweepCommand, type SweepOptions } from './commands/sweep.js';

const ALLOW_OUTSIDE_HELP = 'read data files outside the model\'s folder and the working directory';
export interface DataAccessOptions { allowDataOutside?: boolean }

const program = new Command();
program
    .name('moe')
    .description('Check, compile and run Bayesian and hierarchical mixture-of-experts models.')
    .exitOverride()
    .configureOutput({ writeErr: text => process.stderr.write(text) });

program.command('check')
    .description('validate models; print FILE:LINE:COLUMN: error|warning: MESSAGE for each problem')
    .argument('<files...>', '.moe files')
    .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
    .action(async (files: string[], options: DataAccessOptions) => { process.exitCode = await checkCommand(files, options); });

program.command('compile')
    .description('compile a model to its execution plan (JSON)')
    .argument('<file>', '.moe file')
    .option('-o, --output <plan.json>', 'write the plan to this file instead of standard output')
    .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
    .action(async (file: string, options: { output?: string } & DataAccessOptions) => {
        process.exitCode = await compileCommand(file, options.output, options);
    });

program.command('run')
    .description('run a model (.moe) or a compiled plan (.json)')
    .argument('<file>', '.moe model or plan .json')
    .option('--json <out.json>', 'write the run result as JSON')
    .option('--seed <n>', 'override the inference seed')
    .option('--particles <n>', 'override the number of particles (particle learning)')
    .option('--chains <n>', 'override the number of independent filters, 1 to 256 (particle learning)')
    .option('--jobs <n>', 'threads that run the filters side by side (default: the cores available)')
    .option('--quiet', 'no progress bar and no summary')
    .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
    .action(async (file: string, options: RunCliOptions) => { process.exitCode = await runCommand(file, options); });

program.command('sweep')
    .description('run a model over a grid of settings and seeds, reusing stored results; a summary per setting')
    .argument('<file>', '.moe model or plan .json')
    .option('--set <key=v1,v2,...>', 'values of a setting (repeatable): particles, chains, rejuvenate_every, restarts, gate.prior=hs,normal',
        (value: string, previous: string[] = []) => [...previous, value])
    .option('--seeds <a..b|list>', 'seeds, A..B or a comma list (default: the plan\'s seed)')
    .option('--jobs <n>', 'threads that run the filters of a task side by side (default: the cores available)')
    .option('--results <dir>', 'folder of the stored results (default: moe-results/ next to the model)')
    .option('--json <out.json>', 'write settings, tasks and summaries as JSON')
    .option('--quiet', 'no progress bar and no summary')
    .action(async (file: string, options: SweepOptions) => { process.exitCode = await sweepCommand(file, options); });

program.command('bench')
    .description('measure the throughput of a model run (repeats the run, reports timing)')
    .argument('<file>', '.moe model or plan .json')
    .option('--repeat <n>', 'number of timed runs', '3')
    .action(async (file: string, options: { repeat: string }) => { process.exitCode = await benchCommand(file, options); });

program.command('experiment')
    .description('run a built-in experiment (hmoe-rates: estimation error against sample size)')
    .argument('<name>', 'experiment name')
    .option('--json <out.json>', 'write the experiment result as JSON')
    .option('--replicates <n>', 'replicates per sample size')
    .option('--quick', 'a smaller version for a quick look')
    .action(async (name: string, options: ExperimentCliOptions) => {
        process.exitCode = await experimentCommand(name, options);
    });

export interface RunCliOptions extends DataAccessOptions { json?: string; seed?: string; particles?: string; chains?: string; jobs?: string; quiet?: boolean }
export interface ExperimentCliOptions { json?: string; replicates?: string; quick?: boolean }

async function main(): Promise<void> {
    try {
        await program.parseAsync(process.argv);
    } catch (error) {
        if (error instanceof CommanderError) {
            // Help and version exit 0; every other parse failure is a usage error.
            process.exitCode = error.exitCode === 0 ? 0 : 2;
        } else {
            process.stderr.write(`moe: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
            process.exitCode = 70;
        }
    }
}

void main();
