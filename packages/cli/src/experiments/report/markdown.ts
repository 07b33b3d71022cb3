/** Markdown pieces of report summaries. */

/** A GitHub-flavoured markdown table; `|` in cells is escaped. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    const line = (cells: ReadonlyArray<string>) => `| ${cells.map(cell).join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals and a real minus sign; '–' for null or non-finite. */
export function fixed(x: number | null | undefined, digits = 3): string {
    if (x === null || x === undefined || !Number.isFinite(x)) return '–';
    return x.toFixed(digits).replace(/^-/, '−');
}

/** The exact command that reproduces a report. */
export function commandLine(
    name: string,
    options: { quick: boolean; seed: number; replicates?: number; defaultSeed: number }
): string {
    const parts = ['npx moe experiment', name];
    if (options.quick) parts.push('--quick');
    if (options.seed !== options.defaultSeed) parts.push(`--seed ${options.seed}`);
    if (options.replicates !== undefined) parts.push(`--replicates ${options.replicates}`);
    return parts.join(' ');
}
