/**
 * Names of files the panels suggest when saving: built from model names and plot ids, which come
 * from model files and result files and may hold path separators, `..` or control characters.
 */

/** Longest stem suggested (file systems allow 255 bytes; room is left for suffixes). */
const MAX_STEM = 100;

/** `name` as a file-name stem: letters, digits, `.`, `_` and `-` only, no leading dot, never empty. */
export function safeFileStem(name: string, fallback = 'results'): string {
    const stem = name
        .normalize('NFKC')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .replace(/\.{2,}/g, '.')
        .slice(0, MAX_STEM)
        .replace(/[.-]+$/, '');
    return stem.length > 0 ? stem : fallback;
}
