/** Checks a typed run setting. Pure, so it is tested without VS Code. */

/** Why `text` is not a whole number from min to max, or undefined when it is. */
export function integerProblem(text: string, min: number, max: number): string | undefined {
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed))
        return `Enter a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`;
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value) || value < min || value > max)
        return `Enter a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`;
    return undefined;
}
