/**
 * What every `moe` entry shares: the program's set-up, the `run` command's options, and how a
 * parse ends (exit codes). main.ts defines every command on it; run-main.ts only `run`, so that
 * `moe run` loads without the language package until it compiles a model.
 */
import { Command, CommanderError } from 'commander';
import { runCommand, type RunOptions } from './commands/run.js';
import { clearStatusLine } from './status-line.js';

export const ALLOW_OUTSIDE_HELP = "read data files outside the model's folder and the working directory";
export interface DataAccessOptions {
    allowDataOutside?: boolean;
}

export function newProgram(): Command {
    return new Command()
        .name('moe')
        .description('Check, compile and run Bayesian and hierarchical mixture-of-experts models.')
        .exitOverride()
        .configureOutput({
            writeErr: text => {
                clearStatusLine();
                process.stderr.write(text);
            }
        });
}

export function addRunCommand(program: Command): void {
    program
        .command('run')
        .description('run a model (.moe) or a compiled plan (.json)')
        .argument('<file>', '.moe model or plan .json')
        .option('--json <out.json>', 'write the run result as JSON')
        .option('--seed <n>', 'override the inference seed')
        .option('--particles <n>', 'override the number of particles (particle learning)')
        .option('--chains <n>', 'override the number of independent filters, 1 to 256 (particle learning)')
        .option('--jobs <n>', 'threads that run the filters side by side (default: the cores available)')
        .option(
            '--full-traces <file>',
            "also write every observation's ESS, evidence increment and allocation (particle learning) to FILE as little-endian Float64 rows; the result JSON keeps them in bins"
        )
        .option('--quiet', 'no progress bar and no summary')
        .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
        .action(async (file: string, options: RunOptions) => {
            process.exitCode = await runCommand(file, options);
        });
}

/** Parse the command line and run what it names; exit codes as main.ts states them. */
export async function runProgram(program: Command): Promise<void> {
    try {
        await program.parseAsync(process.argv);
    } catch (error) {
        clearStatusLine();
        if (error instanceof CommanderError) {
            // Help and version exit 0; every other parse failure is a usage error.
            process.exitCode = error.exitCode === 0 ? 0 : 2;
        } else {
            process.stderr.write(
                `moe: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
            );
            process.exitCode = 70;
        }
    }
}
