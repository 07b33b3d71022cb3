/**
 * `moe run` alone (bin/moe.cjs loads this bundle, dist/moe-run.cjs, for it): without the other
 * commands, and with the language package in a bundle of its own (dist/moe-language.cjs,
 * esbuild.mjs) loaded only when a model is compiled, so the run's first phase line shows
 * without waiting for Langium to load.
 */
import { addRunCommand, newProgram, runProgram } from './program.js';

const program = newProgram();
addRunCommand(program);
void runProgram(program);
