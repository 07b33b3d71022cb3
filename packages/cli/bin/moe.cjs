#!/usr/bin/env node
// The `moe` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (which `npm ci` runs through the root `prepare` script).
// Ctrl-C outside a run (while the command loads, while a model compiles, before a run's own
// handler is installed or after it is removed) ends the command with a line and exit 130 instead
// of a silent death by signal. A command that handles Ctrl-C itself adds its own listener, and
// this one then leaves it alone.
process.on('SIGINT', () => {
    if (process.listenerCount('SIGINT') > 1) return;
    process.stderr.write('\nmoe: interrupted\n');
    process.exit(130);
});
const { existsSync } = require('node:fs');
const { join } = require('node:path');
// `moe run` has a bundle of its own, without the other commands and Langium (src/run-main.ts).
const args = process.argv.slice(2);
const bundle = join(__dirname, '..', 'dist', args[0] === 'run' ? 'moe-run.cjs' : 'moe.cjs');
if (!existsSync(bundle)) {
    process.stderr.write('moe: the command is not built yet; run `npm run build` at the repository root.\n');
    process.exit(2);
}
// `moe run` on a terminal: a first status line before the bundle loads, so the run shows at once
// (src/launcher-line.ts; the run's progress line replaces it, error messages clear it first).
if (args[0] === 'run' && process.stderr.isTTY && !args.includes('--quiet')) {
    process.stderr.write('\rmoe run: starting\x1b[K');
    globalThis[Symbol.for('moe-studio.launcher-line')] = true;
}
require(bundle);
