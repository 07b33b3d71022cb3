/**
 * Links from documentation text to the method reference. Catalogue documentation cites sections
 * as plain text ("docs/method.md §1.2"); when the client says where the reference is (the
 * extension ships it as docs/method.md and passes its path in the initialization options),
 * hover turns each cited section into a Markdown link to that file at the section's heading line.
 * `file:` links with a `#L<line>` fragment open the file at that line in VS Code; other editors
 * show the link text, which still reads as the citation. Without a reference the text is unchanged.
 */
import { readFileSync } from 'node:fs';
import { URI } from 'langium';

export interface MethodReference {
    /** The reference file as a `file:` URI, without fragment. */
    readonly uri: URI;
    /** 1-based line of the heading of each numbered section ("1", "1.2", ...). */
    readonly lines: ReadonlyMap<string, number>;
}

/** One citation and the further sections it lists: "docs/method.md §1.5, §6.4", "docs/method.md §1-§2". */
const CITATION = /(?<![\w./\\-])(?:docs\/)?method\.md ?§\d+(?:\.\d+)*(?:(?:, ?| and | or |-|–)§\d+(?:\.\d+)*)*/g;
const SECTION = /§(\d+(?:\.\d+)*)/g;

/** Numbered headings of a Markdown text ("## 1. Model", "### 2.3 One observation") by line. */
export function sectionLines(markdown: string): Map<string, number> {
    const lines = new Map<string, number>();
    markdown.split('\n').forEach((line, i) => {
        const m = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
        if (m && !lines.has(m[1]!)) lines.set(m[1]!, i + 1);
    });
    return lines;
}

/** Reads the reference at `path`; undefined when it cannot be read (hover then shows plain citations). */
export function loadMethodReference(path: string): MethodReference | undefined {
    try {
        return { uri: URI.file(path), lines: sectionLines(readFileSync(path, 'utf8')) };
    } catch {
        return undefined;
    }
}

/** `markdown` with every cited section linked to its heading in `reference`. */
export function linkMethodCitations(markdown: string, reference: MethodReference | undefined): string {
    if (!reference) return markdown;
    const link = (text: string, section: string): string => {
        const line = reference.lines.get(section);
        const target = line === undefined ? reference.uri : reference.uri.with({ fragment: `L${line}` });
        return `[${text}](${target.toString()})`;
    };
    return markdown.replace(CITATION, citation => {
        let out = '';
        let from = 0;
        for (const m of citation.matchAll(SECTION)) {
            const end = m.index! + m[0].length;
            // The first link carries the file name ("docs/method.md §1.5"), later ones only "§6.4".
            const start = from === 0 ? 0 : m.index!;
            out += citation.slice(from, start) + link(citation.slice(start, end), m[1]!);
            from = end;
        }
        return out + citation.slice(from);
    });
}
