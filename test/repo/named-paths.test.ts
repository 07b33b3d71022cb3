/**
 * Every repository path that a code comment, a document or the editor's hover text names must
 * exist, and every section of the method reference it cites (docs/method.md §x.y) must be a
 * heading of docs/method.md; Markdown links between documents must resolve, anchors included.
 *
 * What counts as a named path (the rule that keeps false positives out without an allow-list):
 * a token that starts with one of the repository's top-level folders (packages/, docs/, scripts/,
 * test/, examples/, grammar/), is not itself part of a longer path or URL (not preceded by a
 * name character, '.', '/' or '@'), and contains no placeholder (a segment in capitals such as
 * NAME or a glob). A path git ignores is build output (out/, dist/, generated/) and is not the
 * repository's, so it is not checked. Code is searched in its comments only (a string in code is
 * data and tested where it is used); documents and hover text are searched whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, KEYWORD_DOCS } from '../../packages/language/src/catalogue/index.js';

const ROOT = join(__dirname, '..', '..');
const PATH_ROOTS = ['packages', 'docs', 'scripts', 'test', 'examples', 'grammar'];
const PATH_TOKEN = new RegExp(`(?<![\\w./@-])(?:${PATH_ROOTS.join('|')})/[\\w./-]*\\w`, 'g');
/** A placeholder segment (NAME, N, FILE) or a template: the token names a pattern, not a file. */
const PLACEHOLDER = /(^|\/)[A-Z][A-Z0-9_]*(\/|\.|$)/;
/** A citation of the method reference with the sections it names: "docs/method.md §1.2, §2.3", "§1-§2". */
const CITATION = /(?<![\w.-])((?:[\w.-]+\/)*)method\.md ?(§\d+(?:\.\d+)*(?:(?:, ?| and | or |-|–)§\d+(?:\.\d+)*)*)/g;
const CODE = /\.(ts|mts|cts|js|mjs|cjs|langium)$/;
const HASH_COMMENTED = /\.(sh|py|ya?ml|lua)$|(^|\/)\.ci\/run$/;
const DOCS = /\.md$/;
/** A citation without its path, spelt so that scripts/cite-method-docs.mjs leaves this file's strings alone. */
const BARE = ['method', 'md'].join('.');

export interface Named {
    file: string;
    line: number;
    text: string;
}

function tracked(): string[] {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: ROOT,
        encoding: 'utf8'
    });
    return out.split('\0').filter(f => f && existsSync(join(ROOT, f)));
}

function ignored(paths: string[]): Set<string> {
    if (paths.length === 0) return new Set();
    try {
        // A folder pattern (`out/`) matches only with the trailing slash, so ask for both forms.
        const input = paths.flatMap(p => [p, `${p}/`]).join('\0');
        const out = execFileSync('git', ['check-ignore', '--no-index', '-z', '--stdin'], {
            cwd: ROOT,
            encoding: 'utf8',
            input
        });
        return new Set(
            out
                .split('\0')
                .filter(Boolean)
                .map(p => p.replace(/\/$/, ''))
        );
    } catch {
        return new Set(); // exit 1: none ignored
    }
}

/** The comments of JavaScript-like source, each with the line it starts on (strings skipped). */
export function codeComments(source: string): Array<{ line: number; text: string }> {
    const comments: Array<{ line: number; text: string }> = [];
    let line = 1;
    for (let i = 0; i < source.length; i++) {
        const c = source[i];
        if (c === '\n') {
            line++;
            continue;
        }
        if (c === '"' || c === "'" || c === '`') {
            // Skip a string literal (template literals whole; their ${...} rarely hold comments).
            for (i++; i < source.length && source[i] !== c; i++) {
                if (source[i] === '\\') i++;
                else if (source[i] === '\n') {
                    line++;
                    if (c !== '`') break;
                }
            }
            continue;
        }
        if (c === '/' && source[i + 1] === '/') {
            const end = source.indexOf('\n', i);
            const stop = end < 0 ? source.length : end;
            comments.push({ line, text: source.slice(i + 2, stop) });
            i = stop - 1;
            continue;
        }
        if (c === '/' && source[i + 1] === '*') {
            const end = source.indexOf('*/', i + 2);
            const stop = end < 0 ? source.length : end;
            // One entry per line, so a problem is reported on its own line.
            for (const text of source.slice(i + 2, stop).split('\n')) comments.push({ line: line++, text });
            line--;
            i = stop + 1;
        }
    }
    return comments;
}

/** The text of a file that may name paths: comments of code, `#` lines of scripts, all of a document. */
function searchedText(file: string, source: string): Array<{ line: number; text: string }> {
    if (CODE.test(file)) return codeComments(source);
    if (HASH_COMMENTED.test(file)) {
        // Python docstrings are documentation too: search Python files whole.
        if (file.endsWith('.py')) return source.split('\n').map((text, i) => ({ line: i + 1, text }));
        return source.split('\n').flatMap((text, i) => {
            const at = text.indexOf('#');
            return at >= 0 ? [{ line: i + 1, text: text.slice(at + 1) }] : [];
        });
    }
    if (DOCS.test(file)) return source.split('\n').map((text, i) => ({ line: i + 1, text }));
    return [];
}

/** Path tokens of a piece of text (see the rule at the top). */
export function pathTokens(text: string): string[] {
    return [...text.matchAll(PATH_TOKEN)].map(m => m[0].replace(/\.+$/, '')).filter(t => !PLACEHOLDER.test(t));
}

/** Sections cited in a piece of text, with the path written before `method.md` ('' when bare). */
export function citedSections(text: string): Array<{ prefix: string; section: string }> {
    return [...text.matchAll(CITATION)].flatMap(m =>
        [...m[2]!.matchAll(/§(\d+(?:\.\d+)*)/g)].map(s => ({ prefix: m[1]!, section: s[1]! }))
    );
}

/** Section numbers that are headings of a Markdown document ("## 1. Title", "### 2.3 Title"). */
export function headingSections(markdown: string): Set<string> {
    return new Set([...markdown.matchAll(/^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)].map(m => m[1]!));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
        const base = headingAnchor(m[1]!);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    return anchors;
}

/** Everything hover shows from the catalogue: callable, parameter and keyword documentation. */
function hoverTexts(): string[] {
    return [...CATALOGUE.flatMap(spec => [spec.doc, ...spec.params.map(p => p.doc)]), ...Object.values(KEYWORD_DOCS)];
}

const methodSections = headingSections(readFileSync(join(ROOT, 'docs', 'method.md'), 'utf8'));

/** Problems in one piece of text: missing paths, missing sections, citations without the path. */
function problems(text: string, exists: (path: string) => boolean): string[] {
    const found: string[] = [];
    for (const token of pathTokens(text)) {
        if (!exists(token)) found.push(`names ${token}, which does not exist`);
    }
    for (const { prefix, section } of citedSections(text)) {
        if (prefix === '') found.push(`cites ${BARE} §${section} without its path (node scripts/cite-method-docs.mjs)`);
        else if (prefix === 'docs/' && !methodSections.has(section))
            found.push(`cites docs/method.md §${section}, which is not a heading of docs/method.md`);
    }
    return found;
}

describe('paths named in comments, documents and hover text', () => {
    const files = tracked();
    const named: Array<Named & { token: string }> = [];
    const found: string[] = [];
    const onDisk = (path: string) => existsSync(join(ROOT, path));
    const missing = new Set<string>();
    for (const file of files) {
        if (file.startsWith('docs/reports/') && !file.endsWith('.md')) continue;
        const source = readFileSync(join(ROOT, file), 'utf8');
        if (source.includes('\0')) continue;
        for (const { line, text } of searchedText(file, source)) {
            for (const problem of problems(text, p => onDisk(p) || (missing.add(p), false))) {
                named.push({ file, line, text: problem, token: problem });
            }
        }
    }
    // A path that git ignores is build output, not a repository file.
    const buildOutput = ignored([...missing]);
    for (const n of named) {
        const token = /names (\S+),/.exec(n.text)?.[1];
        if (token && buildOutput.has(token)) continue;
        found.push(`${n.file}:${n.line}: ${n.text}`);
    }

    it('every path and section a comment or a document names exists', () => {
        expect(found).toEqual([]);
    });

    it('every path and section the hover text names exists', () => {
        const hover = hoverTexts().flatMap(text =>
            problems(text, p => onDisk(p)).map(p => `hover "${text.slice(0, 40)}...": ${p}`)
        );
        expect(hover).toEqual([]);
    });

    it('every relative Markdown link resolves, to a heading when it has an anchor', () => {
        const broken: string[] = [];
        for (const file of files.filter(f => DOCS.test(f))) {
            const source = readFileSync(join(ROOT, file), 'utf8');
            source.split('\n').forEach((text, i) => {
                for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
                    const target = m[1]!;
                    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // a URL
                    const [path, anchor] = target.split('#') as [string, string | undefined];
                    const resolved = path ? normalize(join(dirname(file), decodeURI(path))) : file;
                    if (relative(ROOT, join(ROOT, resolved)).startsWith('..')) {
                        broken.push(`${file}:${i + 1}: ${target} leaves the repository`);
                        continue;
                    }
                    if (!existsSync(join(ROOT, resolved))) {
                        broken.push(`${file}:${i + 1}: ${target} does not exist`);
                        continue;
                    }
                    if (
                        anchor &&
                        resolved.endsWith('.md') &&
                        !anchorsOf(readFileSync(join(ROOT, resolved), 'utf8')).has(anchor)
                    ) {
                        broken.push(`${file}:${i + 1}: ${target}: no heading with anchor #${anchor}`);
                    }
                }
            });
        }
        expect(broken).toEqual([]);
    });
});

describe('the rule that finds named paths', () => {
    it('finds repository paths in comments and reports a missing one', () => {
        const source = [
            'const url = "https://example.org/docs/method.md"; // see docs/particle-learning.md',
            '/* built by scripts/no-such-script.mjs, tested in test/engine/sbc.test.ts. */',
            'const s = "packages/engine/src/not-here.ts";'
        ].join('\n');
        const comments = codeComments(source);
        expect(comments.flatMap(c => pathTokens(c.text))).toEqual([
            'docs/particle-learning.md',
            'scripts/no-such-script.mjs',
            'test/engine/sbc.test.ts'
        ]);
        const exists = (p: string) => existsSync(join(ROOT, p));
        expect(comments.flatMap(c => problems(c.text, exists))).toEqual([
            'names scripts/no-such-script.mjs, which does not exist'
        ]);
    });

    it('skips placeholders, globs and parts of longer paths', () => {
        expect(
            pathTokens(
                'reports in docs/reports/NAME/, sources in packages/*/src, /work/shared/docs/method.md, @moe-studio/engine/src'
            )
        ).toEqual([]);
    });

    it('reads every section of a citation and checks it against the headings', () => {
        expect(citedSections(`(docs/method.md §1.5, §6.4; ${BARE} §1-§2 and §5)`)).toEqual([
            { prefix: 'docs/', section: '1.5' },
            { prefix: 'docs/', section: '6.4' },
            { prefix: '', section: '1' },
            { prefix: '', section: '2' },
            { prefix: '', section: '5' }
        ]);
        const exists = () => true;
        expect(problems('docs/method.md §9.9 and docs/method.md §6.13', exists)).toEqual([
            'cites docs/method.md §9.9, which is not a heading of docs/method.md'
        ]);
        expect(problems(`${BARE} §1.2`, exists)).toEqual([
            `cites ${BARE} §1.2 without its path (node scripts/cite-method-docs.mjs)`
        ]);
        expect(headingSections('## 1. Model\n### 1.2 Experts\n#### Not numbered\n')).toEqual(new Set(['1', '1.2']));
    });
});
