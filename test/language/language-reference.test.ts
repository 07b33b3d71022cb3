/**
 * docs/language.md cannot fall behind the catalogue: its generated part is exactly what
 * packages/language/src/catalogue/reference-markdown.ts renders from the catalogue, and, checked
 * independently of that renderer, every keyword, callable and parameter appears in it with its
 * default. After changing the catalogue, regenerate with
 * `UPDATE_DOCS=1 npx vitest run test/language/language-reference.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@moe-studio/engine/files';
import { CATALOGUE, formatDefault, KEYWORD_DOCS } from '../../packages/language/src/catalogue/index.js';
import {
    catalogueReference,
    REFERENCE_BEGIN,
    REFERENCE_END
} from '../../packages/language/src/catalogue/reference-markdown.js';

const DOC = join(__dirname, '..', '..', 'docs', 'language.md');

/** The text between the markers, or undefined when they are missing. */
function generatedPart(doc: string): string | undefined {
    const begin = doc.indexOf(REFERENCE_BEGIN);
    const end = doc.indexOf(REFERENCE_END);
    return begin < 0 || end < begin ? undefined : doc.slice(begin + REFERENCE_BEGIN.length + 1, end);
}

/** The rows of the parameter table under the heading of callable `name`. */
function parameterRows(doc: string, name: string): string[] {
    const start = doc.indexOf(`### \`${name}\`\n`);
    if (start < 0) return [];
    const next = doc.indexOf('\n#', start + 1);
    return doc
        .slice(start, next < 0 ? undefined : next)
        .split('\n')
        .filter(l => l.startsWith('| `'));
}

describe('docs/language.md', () => {
    it('holds the catalogue reference as the catalogue renders it', async () => {
        let doc = readFileSync(DOC, 'utf8');
        const rendered = `${catalogueReference()}\n`;
        if (process.env.UPDATE_DOCS && generatedPart(doc) !== rendered) {
            const begin = doc.indexOf(REFERENCE_BEGIN);
            const end = doc.indexOf(REFERENCE_END);
            expect(begin, 'docs/language.md lost its marker comments').toBeGreaterThanOrEqual(0);
            doc = `${doc.slice(0, begin + REFERENCE_BEGIN.length)}\n${rendered}${doc.slice(end)}`;
            await writeFileAtomic(DOC, doc);
        }
        expect(
            generatedPart(doc),
            'regenerate with UPDATE_DOCS=1 npx vitest run test/language/language-reference.test.ts'
        ).toBe(rendered);
    });

    it('names every keyword, callable and parameter, with each default', () => {
        const doc = readFileSync(DOC, 'utf8');
        const missing: string[] = [];
        for (const keyword of Object.keys(KEYWORD_DOCS)) {
            if (!doc.includes(`| \`${keyword}\` |`)) missing.push(`keyword ${keyword}`);
        }
        for (const spec of CATALOGUE) {
            const rows = parameterRows(doc, spec.name);
            if (spec.params.length > 0 && rows.length === 0) missing.push(`callable ${spec.name}`);
            for (const param of spec.params) {
                const row = rows.find(r => r.startsWith(`| \`${param.name}\``));
                const dflt = param.required
                    ? 'required'
                    : param.default !== undefined
                      ? `\`${formatDefault(param.default)}\``
                      : undefined;
                if (!row) missing.push(`${spec.name}: parameter ${param.name}`);
                else if (dflt && !row.includes(dflt)) missing.push(`${spec.name}: default of ${param.name} (${dflt})`);
            }
        }
        expect(missing).toEqual([]);
    });
});
