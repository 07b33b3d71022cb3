/**
 * "Did you mean ...?" suggestions by edit distance (Levenshtein, from the `leven` package).
 */
import leven from 'leven';

/** Candidates close to `name`, closest first: at most `limit`, within a third of the name's length. */
export function suggestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
    const lower = name.toLowerCase();
    // Short names allow one edit; longer ones two (a transposition) or a third of their length.
    const maxDistance = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3));
    const scored: { candidate: string; distance: number }[] = [];
    for (const candidate of new Set(candidates)) {
        if (candidate === name) continue;
        const distance = candidate.toLowerCase() === lower ? 0 : leven(lower, candidate.toLowerCase());
        if (distance <= maxDistance || (candidate.toLowerCase().startsWith(lower) && lower.length >= 3))
            scored.push({ candidate, distance });
    }
    scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
    return scored.slice(0, limit).map(s => s.candidate);
}

/** ` Did you mean 'a' or 'b'?` (with the leading space), or the empty string. */
export function didYouMean(suggestions: string[]): string {
    if (suggestions.length === 0) return '';
    const quoted = suggestions.map(s => `'${s}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    return ` Did you mean ${list}?`;
}
