/** Small text helpers for the terminal summary: numbers at a readable precision, and tables. */

/** A number with about `digits` significant figures; exponent form only for very large/small. */
export function num(value: number | undefined, digits = 4): string {
    if (value === undefined) return '-';
    if (!Number.isFinite(value)) return String(value);
    if (value === 0) return '0';
    const magnitude = Math.abs(value);
    if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(Math.max(digits - 2, 1));
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(magnitude)));
    return value.toFixed(Math.min(decimals, 6));
}

/** A count with thousands separators. */
export function count(value: number): string {
    return Math.round(value).toLocaleString('en-US');
}

export function interval(i: { lower: number; upper: number } | undefined, digits = 3): string {
    return i ? `[${num(i.lower, digits)}, ${num(i.upper, digits)}]` : '-';
}

/** Left-aligned first column, right-aligned others, two spaces between columns. */
export function table(headers: string[], rows: string[][], indent = '  '): string {
    const widths = headers.map((h, j) => Math.max(h.length, ...rows.map(r => (r[j] ?? '').length)));
    const line = (cells: string[]) =>
        indent +
        cells
            .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)))
            .join('  ')
            .trimEnd();
    return [line(headers), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Seconds as "1.23 s", "2 min 05 s" or "1 h 02 min". */
export function duration(seconds: number): string {
    if (!Number.isFinite(seconds) || seconds < 0) return '?';
    if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
