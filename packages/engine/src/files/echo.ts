/**
 * Column names as they may appear in a message: each cut to `MAX_ECHOED_NAME` characters and the
 * list to `MAX_ECHOED_NAMES` names, so a header of a million columns or a 10 MB field cannot
 * flood a diagnostic.
 */
export const MAX_ECHOED_NAME = 40;
export const MAX_ECHOED_NAMES = 20;

export function echoName(name: string, max = MAX_ECHOED_NAME): string {
    const printable = name.replace(/[\u0000-\u001f\u007f]/g, '?');
    return printable.length <= max ? printable : `${printable.slice(0, max)}… (${name.length} characters)`;
}

export function echoNames(names: readonly string[]): string {
    const shown = names
        .slice(0, MAX_ECHOED_NAMES)
        .map(name => echoName(name))
        .join(', ');
    return names.length <= MAX_ECHOED_NAMES ? shown : `${shown} and ${names.length - MAX_ECHOED_NAMES} more`;
}
