/**
 * A bound on the nesting of a plan JSON, checked on the text before any parser sees it: the JSON
 * tree parser and the schema validator recurse once per level, and 100,000 levels overflow the
 * stack. A plan nests about six levels deep.
 */
export const MAX_JSON_NESTING = 100;

/** The offset of the first bracket nested deeper than `max`, outside strings; undefined if none. */
export function tooDeeplyNested(text: string, max = MAX_JSON_NESTING): number | undefined {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++; // backslash: skip the escaped character
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) {
            inString = true;
        } else if (c === 0x7b || c === 0x5b) {
            if (++depth > max) return i;
        } else if (c === 0x7d || c === 0x5d) {
            depth--;
        }
    }
    return undefined;
}
