/**
 * Getting an execution plan from what the user named on the command line: a `.moe` model
 * (compiled by the language package) or a plan `.json` (validated against the plan schema).
 * Problems are printed as FILE:LINE:COLUMN: error: MESSAGE; the result says which exit code
 * applies (1 invalid model or plan, 2 usage error).
 */
import { access, constants, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    findNodeAtLocation,
    parseTree,
    printParseErrorCode,
    type Node,
    type ParseError
} from 'jsonc-parser/lib/esm/main.js'; // the ESM build: the UMD one hides its requires from the bundler
import { PlanError, validatePlan, type ExecutionPlan, type StreamSpec } from '@moe-studio/engine';
import { insideRoots } from '@moe-studio/engine/files';
import { formatProblem } from '../moe-files.js';
import { writeMessage } from '../../status-line.js';
import { MAX_JSON_NESTING, tooDeeplyNested } from './json-depth.js';

export type LoadedPlan = { plan: ExecutionPlan; exitCode?: undefined } | { plan?: undefined; exitCode: 1 | 2 };

/** A path as the user would like to read it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!isAbsolute(path)) return path;
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function usageError(message: string): 2 {
    writeMessage(`moe: ${message}\n`);
    return 2;
}

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}

/** Where a JSON pointer lands in the text: the node itself, or its closest existing parent. */
function locatePointer(root: Node | undefined, pointer: string): number {
    if (!root) return 0;
    const segments = pointer
        .split('/')
        .slice(1)
        .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map(s => (/^\d+$/.test(s) ? Number(s) : s));
    for (let length = segments.length; length >= 0; length--) {
        const node = findNodeAtLocation(root, segments.slice(0, length));
        if (node) {
            // Point at the property name ("particles": 0), not at the value, when there is one.
            const property = node.parent?.type === 'property' ? node.parent : undefined;
            return property ? property.offset : node.offset;
        }
    }
    return root.offset;
}

/**
 * Compiled plans carry absolute paths; a hand-written plan may use paths relative to itself,
 * which are resolved here as a user would expect (not against the working directory).
 */
function resolveDataPaths(plan: ExecutionPlan, base: string): ExecutionPlan {
    const resolveStream = (stream: StreamSpec): StreamSpec =>
        stream.source.kind === 'csv' && !isAbsolute(stream.source.path)
            ? { ...stream, source: { ...stream.source, path: resolve(base, stream.source.path) } }
            : stream;
    const data = { ...plan.data, train: resolveStream(plan.data.train) };
    if (plan.data.test) data.test = resolveStream(plan.data.test);
    return { ...plan, data };
}

async function loadJsonPlan(file: string, shown: string): Promise<LoadedPlan> {
    // A byte-order mark (editors on Windows write one) becomes a space, so offsets stay the same.
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, ' ');
    const deep = tooDeeplyNested(text);
    if (deep !== undefined) {
        const at = position(text, deep);
        process.stderr.write(
            `${shown}:${at.line}:${at.column}: error: invalid plan: nested deeper than ${MAX_JSON_NESTING} levels\n`
        );
        return { exitCode: 1 };
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length > 0 || !root) {
        const first = errors[0];
        const at = position(text, first?.offset ?? 0);
        const what = first ? printParseErrorCode(first.error) : 'empty file';
        writeMessage(`${shown}:${at.line}:${at.column}: error: invalid JSON: ${what}\n`);
        return { exitCode: 1 };
    }
    try {
        return { plan: resolveDataPaths(validatePlan(JSON.parse(text) as unknown), dirname(file)) };
    } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        const at = position(text, locatePointer(root, error.field));
        writeMessage(`${shown}:${at.line}:${at.column}: error: ${error.message}\n`);
        return { exitCode: 1 };
    }
}

async function loadModel(file: string, allowDataOutside: boolean): Promise<LoadedPlan> {
    // Loaded on demand: Langium is large, and a plan .json needs none of it.
    const { compileModelFile } = await import('@moe-studio/language');
    const { plan, problems } = await compileModelFile(file, { allowDataOutside });
    for (const problem of problems) writeMessage(`${formatProblem(problem)}\n`);
    if (!plan || problems.some(p => p.severity === 'error')) return { exitCode: 1 };
    try {
        return { plan: validatePlan(plan) };
    } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        // A valid model whose plan the engine rejects: point at the stream it concerns, if any.
        const stream = error.field.startsWith('/data/test')
            ? plan.data.test
            : error.field.startsWith('/data/train')
              ? plan.data.train
              : undefined;
        writeMessage(
            `${displayPath(file)}:${stream?.line ?? 1}:1: error: the engine cannot run this model: ${error.message}\n`
        );
        return { exitCode: 1 };
    }
}

/**
 * Data files a plan may read: inside the plan's (or model's) folder or the working directory,
 * unless --allow-data-outside (see language/src/data/data-access.ts for models).
 */
function dataOutside(plan: ExecutionPlan, file: string, shown: string): LoadedPlan | undefined {
    const roots = [dirname(file), process.cwd()];
    for (const [key, stream] of [
        ['train', plan.data.train],
        ['test', plan.data.test]
    ] as const) {
        if (stream?.source.kind !== 'csv' || insideRoots(stream.source.path, roots)) continue;
        process.stderr.write(
            `${shown}: error: /data/${key}/source/path: the data file ${stream.source.path} is outside the plan's folder ` +
                'and the working directory; pass --allow-data-outside to read it\n'
        );
        return { exitCode: 1 };
    }
    return undefined;
}

/** Check the file (exists, readable, .moe or .json) and turn it into a plan. */
export async function loadPlanFile(file: string, options: { allowDataOutside?: boolean } = {}): Promise<LoadedPlan> {
    const loaded = await loadPlanFileUnconfined(file, options.allowDataOutside === true);
    if (!loaded.plan || options.allowDataOutside) return loaded;
    return dataOutside(loaded.plan, resolve(file), displayPath(file)) ?? loaded;
}

async function loadPlanFileUnconfined(file: string, allowDataOutside: boolean): Promise<LoadedPlan> {
    const extension = extname(file).toLowerCase();
    if (extension !== '.moe' && extension !== '.json') {
        return { exitCode: usageError(`${file}: not a .moe model or a plan .json`) };
    }
    if (file.includes('\0'))
        return { exitCode: usageError(`${JSON.stringify(file)}: a path cannot contain a NUL character`) };
    const absolute = resolve(file);
    try {
        const info = await stat(absolute);
        if (!info.isFile()) return { exitCode: usageError(`${file}: not a file`) };
        await access(absolute, constants.R_OK);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
            exitCode: usageError(
                `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'a symbolic link loop' : 'cannot read the file'}`
            )
        };
    }
    return extension === '.moe' ? loadModel(absolute, allowDataOutside) : loadJsonPlan(absolute, displayPath(file));
}

export interface Overrides {
    seed?: number;
    particles?: number;
    chains?: number;
}

/** The most filters a plan may ask for (the plan schema's bound on inference.chains). */
export const MAX_CHAINS = 256;

/** A plain positive integer no greater than `max`, or undefined (then the caller reports it). */
function positiveInteger(text: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value) && value >= 1 && value <= max ? value : undefined;
}

/**
 * Parse --seed, --particles and --chains before any work is done: each must be a plain
 * non-negative (seed) or positive (particles, chains up to MAX_CHAINS) integer.
 */
export function parseOverrides(options: { seed?: string; particles?: string; chains?: string }): Overrides | 2 {
    const overrides: Overrides = {};
    if (options.seed !== undefined) {
        const seed = /^\d+$/.test(options.seed) ? Number(options.seed) : NaN;
        if (!Number.isSafeInteger(seed))
            return usageError(`--seed must be a non-negative integer, got '${options.seed}'`);
        overrides.seed = seed;
    }
    if (options.particles !== undefined) {
        const particles = positiveInteger(options.particles);
        if (particles === undefined)
            return usageError(`--particles must be a positive integer, got '${options.particles}'`);
        overrides.particles = particles;
    }
    if (options.chains !== undefined) {
        const chains = positiveInteger(options.chains, MAX_CHAINS);
        if (chains === undefined)
            return usageError(
                `--chains must be a positive integer no greater than ${MAX_CHAINS}, got '${options.chains}'`
            );
        overrides.chains = chains;
    }
    return overrides;
}

/**
 * Parse --jobs, the number of threads that run particle-learning filters side by side: a
 * positive integer, or left out for the cores available. Not a plan override: the result does
 * not depend on it. (In an object, so that `--jobs 2` is not taken for exit code 2.)
 */
export function parseJobs(jobs: string | undefined): { jobs?: number } | 2 {
    if (jobs === undefined) return {};
    const value = positiveInteger(jobs);
    return value === undefined ? usageError(`--jobs must be a positive integer, got '${jobs}'`) : { jobs: value };
}

/** Apply parsed overrides; --particles and --chains only mean something for particle learning. */
export function applyOverrides(plan: ExecutionPlan, overrides: Overrides): ExecutionPlan | 2 {
    const inference = { ...plan.inference };
    if (overrides.seed !== undefined) inference.seed = overrides.seed;
    for (const option of ['particles', 'chains'] as const) {
        const value = overrides[option];
        if (value === undefined) continue;
        if (inference.algorithm !== 'particle-learning') {
            return usageError(`--${option} applies only to particle-learning models; this model is fitted by EM`);
        }
        inference[option] = value;
    }
    return { ...plan, inference };
}

/** With --json OUT, a usage error (true) when OUT's folder does not exist, said before any run starts. */
export function jsonFolderMissing(json: string | undefined, option = '--json'): boolean {
    if (json === undefined) return false;
    const folder = dirname(resolve(json));
    if (existsSync(folder)) return false;
    usageError(`${option} ${json}: folder ${folder} does not exist`);
    return true;
}
