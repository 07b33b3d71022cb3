/**
 * JSON with object keys sorted at every level (arrays keep their order; undefined members are
 * left out, as JSON.stringify does), so equal values give equal text, hence equal hashes,
 * whatever order their keys were written in: the identity of sweep tasks and of runs.
 */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(v => canonicalJson(v === undefined ? null : v)).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
