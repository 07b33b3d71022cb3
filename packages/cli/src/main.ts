/**
 * The `moe` command: check, compile, run, sweep and bench `.moe` models from a terminal.
 * Exit codes: 0 success, 1 invalid model or data (errors printed), 2 usage errors
 * (unknown option, missing or unreadable file).
 */
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { benchCommand } from './commands/bench.js';
import { collectCommand, type CollectOptions } from './commands/collect.js';
import { experimentCommand, type ExperimentCliOptions } from './commands/experiment.js';
import { runTaskCommand, type RunTaskOptions } from './commands/run-task.js';
import { sbcCommand, type SbcOptions } from './commands/sbc.js';
// sweep and worker are loaded when used: they bring the job queue's client (bullmq, ioredis),
// a third of the command's start-up, which `moe run` would otherwise pay before its first line.
import type { WorkerOptions } from './commands/worker.js';
import type { SweepOptions } from './commands/sweep.js';
import { lspCommand } from './commands/lsp.js';
import { ALLOW_OUTSIDE_HELP, addRunCommand, newProgram, runProgram, type DataAccessOptions } from './program.js';

const program = newProgram();

program
    .command('check')
    .description('validate models; print FILE:LINE:COLUMN: error|warning: MESSAGE for each problem')
    .argument('<files...>', '.moe files')
    .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
    .action(async (files: string[], options: DataAccessOptions) => {
        process.exitCode = await checkCommand(files, options);
    });

program
    .command('compile')
    .description('compile a model to its execution plan (JSON)')
    .argument('<file>', '.moe file')
    .option('-o, --output <plan.json>', 'write the plan to this file instead of standard output')
    .option('--allow-data-outside', ALLOW_OUTSIDE_HELP)
    .action(async (file: string, options: { output?: string } & DataAccessOptions) => {
        process.exitCode = await compileCommand(file, options.output, options);
    });

addRunCommand(program);

program
    .command('sweep')
    .description('run a model over a grid of settings and seeds, reusing stored results; a summary per setting')
    .argument('<file>', '.moe model or plan .json')
    .option(
        '--set <key=v1,v2,...>',
        'values of a setting (repeatable): particles, chains, rejuvenate_every, restarts, gate.prior=hs,normal',
        (value: string, previous: string[] = []) => [...previous, value]
    )
    .option('--seeds <a..b|list>', "seeds, A..B or a comma list (default: the plan's seed)")
    .option('--jobs <n>', 'threads that run the filters of a task side by side (default: the cores available)')
    .option('--results <dir>', 'folder of the stored results (default: moe-results/ next to the model)')
    .option('--json <out.json>', 'write settings, tasks and summaries as JSON')
    .option(
        '--queue <redis://host:port>',
        'enqueue the tasks on a Redis job queue and collect results as moe worker processes finish them'
    )
    .option(
        '--manifest <tasks.json>',
        'write the task list for a batch scheduler (then moe run-task and moe collect) instead of running'
    )
    .option('--quiet', 'no progress bar and no summary')
    .action(async (file: string, options: SweepOptions) => {
        const { sweepCommand } = await import('./commands/sweep.js');
        process.exitCode = await sweepCommand(file, options);
    });

program
    .command('sbc')
    .description(
        "simulation-based calibration: simulate data sets from the model's priors, fit each, and test the ranks of the true values"
    )
    .argument('<file>', '.moe model or plan .json (particle learning, Gaussian experts)')
    .option('--replicates <n>', 'simulated data sets (default 200)')
    .option('--draws <n>', 'posterior draws each true value is ranked among (default 99)')
    .option('--bins <n>', 'histogram bins; must divide draws + 1 (default 20)')
    .option('--jobs <n>', 'replicates run side by side (default: the cores available)')
    .option('--seed <n>', "override the plan's seed (every replicate derives its streams from it)")
    .option('--out <dir>', 'report folder (default: moe-sbc/<model>/ next to the model)')
    .option('--quiet', 'no progress bar and no verdict line')
    .action(async (file: string, options: SbcOptions) => {
        process.exitCode = await sbcCommand(file, options);
    });

program
    .command('worker')
    .description(
        'take sweep tasks from a Redis job queue and run them until stopped (Ctrl-C finishes the running task)'
    )
    .requiredOption('--queue <redis://host:port>', 'the queue that moe sweep --queue fills')
    .option('--jobs <n>', 'threads that run the filters of a task side by side (default: the cores available)')
    .option('--stalled-after <seconds>', 'a task whose worker is silent this long goes to another worker (default 30)')
    .option('--quiet', 'no log lines')
    .action(async (options: WorkerOptions) => {
        const { workerCommand } = await import('./commands/worker.js');
        process.exitCode = await workerCommand(options);
    });

program
    .command('run-task')
    .description('run one task of a task list written by moe sweep --manifest (one element of a batch job array)')
    .argument('<tasks.json>', 'the task list')
    .option('--index <n>', '0-based task index (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)')
    .option('--jobs <n>', 'threads that run the filters side by side (default: the cores available)')
    .option('--quiet', 'no progress bar and no log line')
    .action(async (file: string, options: RunTaskOptions) => {
        process.exitCode = await runTaskCommand(file, options);
    });

program
    .command('collect')
    .description('summarise the results of a task list after its batch jobs ran; lists the indices still missing')
    .argument('<tasks.json>', 'the task list')
    .option('--json <out.json>', 'write settings, tasks and summaries as JSON')
    .option('--quiet', 'no summary')
    .action(async (file: string, options: CollectOptions) => {
        process.exitCode = await collectCommand(file, options);
    });
program
    .command('lsp')
    .description('serve the .moe language server to an editor (Neovim, Helix, Emacs, ...) over standard streams')
    .option('--stdio', 'talk over standard input and output (the default)')
    .allowUnknownOption()
    .action(async () => {
        await lspCommand();
    });

program
    .command('bench')
    .description('measure the throughput of a model run (repeats the run, reports timing)')
    .argument('<file>', '.moe model or plan .json')
    .option('--repeat <n>', 'number of timed runs', '3')
    .action(async (file: string, options: { repeat: string }) => {
        process.exitCode = await benchCommand(file, options);
    });

program
    .command('experiment')
    .description(
        'run a built-in experiment and write its report folder (summary.md, CSV tables, SVG plots); --list names them'
    )
    .argument('[name]', 'experiment name')
    .option('--list', 'list the experiments')
    .option('--quick', 'a smaller version that finishes in a few minutes')
    .option('--out <dir>', 'report folder (default: reports/NAME, reports/NAME-quick with --quick)')
    .option('--jobs <n>', 'threads that run the filters of a fit side by side (default: the cores available)')
    .option('--seed <n>', 'base seed of the algorithm seeds')
    .option('--replicates <n>', 'replicates (the experiment says of what)')
    .option('--results <dir>', 'folder of stored fits, reused across runs (default: moe-results/)')
    .action(async (name: string | undefined, options: ExperimentCliOptions) => {
        process.exitCode = await experimentCommand(name, options);
    });

void runProgram(program);
