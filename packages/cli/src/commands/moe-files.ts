/**
 * Shared by `moe check` and `moe compile`: usage checks of .moe file arguments and the
 * `FILE:LINE:COLUMN: severity: MESSAGE` format of problems.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { MoeProblem } from '@moe-studio/language';

/** A one-line usage error for a file that cannot be checked, or undefined if it can. */
export function moeFileError(file: string): string | undefined {
    if (!file.endsWith('.moe')) return `moe: ${file}: not a .moe file`;
    if (file.includes('\0')) return `moe: ${JSON.stringify(file)}: a path cannot contain a NUL character`;
    let stat;
    try {
        stat = statSync(file);
    } catch (error) {
        return `moe: ${file}: ${(error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link loop' : 'no such file'}`;
    }
    if (!stat.isFile()) return `moe: ${file}: not a file`;
    try {
        accessSync(file, constants.R_OK);
    } catch {
        return `moe: ${file}: not readable`;
    }
    return undefined;
}

/** Paths as the user would type them: relative to the working directory when below it. */
export function displayPath(file: string): string {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function formatProblem(problem: MoeProblem): string {
    return `${displayPath(problem.file)}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}
