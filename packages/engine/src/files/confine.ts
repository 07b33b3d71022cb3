/**
 * Where a model may read data from. A model or plan names its CSV files, and a model from
 * elsewhere could name `/etc/shadow` or `../../../../etc/passwd`; reading is confined to a set of
 * folders (the workspace, or the model's folder and the working directory for the command line)
 * unless the user allows otherwise. Symbolic links are followed before the comparison, so a link
 * inside a folder that points outside it is outside.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realPath(path: string): string {
    try {
        return realpathSync(path);
    } catch {
        const parent = dirname(path);
        return parent === path ? path : resolve(realPath(parent), relative(parent, path));
    }
}

/** Whether `path` lies inside one of `roots` (after following links). */
export function insideRoots(path: string, roots: readonly string[]): boolean {
    const real = realPath(resolve(path));
    return roots.some(root => {
        const rel = relative(realPath(resolve(root)), real);
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    });
}

/**
 * Why a data file cannot be read, said before any read; undefined if it can. Devices
 * (`/dev/zero`), FIFOs and sockets may never end, so only regular files are read.
 */
export function unreadableDataFile(path: string): string | undefined {
    if (path.includes('\0')) return 'the path contains a NUL character';
    try {
        const stat = statSync(path);
        if (stat.isDirectory()) return 'a folder, not a file';
        if (!stat.isFile()) return 'not a regular file (a device, FIFO or socket is not read)';
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') return 'a symbolic link loop';
        if (code === 'EACCES') return 'permission denied';
        return 'file not found';
    }
    return undefined;
}
