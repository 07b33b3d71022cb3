/**
 * Hover links the method reference's citations to the file the client ships (the extension passes
 * its path as `initializationOptions.methodReference`): a Markdown link to the section's heading
 * line, which VS Code opens there; without a reference, the citation stays plain text.
 */
import { EmptyFileSystem, URI } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { clientOptions } from '../../../packages/language/src/lsp/client-options.js';
import { linkMethodCitations, sectionLines } from '../../../packages/language/src/lsp/method-links.js';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const METHOD = join(__dirname, '..', '..', '..', 'docs', 'method.md');
/** The line of a section's heading in docs/method.md, found here independently of method-links.ts. */
function headingLine(section: string): number {
    const lines = readFileSync(METHOD, 'utf8').split('\n');
    const i = lines.findIndex(l => l.startsWith(`### ${section} `) || l.startsWith(`## ${section}. `));
    expect(i).toBeGreaterThanOrEqual(0);
    return i + 1;
}

async function hoverAt(methodReference: string | undefined, text: string): Promise<string> {
    const { shared, Moe } = createMoeServices(EmptyFileSystem);
    clientOptions(shared).initialize({
        capabilities: {},
        initializationOptions: { methodReference }
    } as unknown as InitializeParams);
    const offset = text.indexOf('<|>');
    const document = await parseHelper(Moe)(text.replace('<|>', ''));
    const hover = await Moe.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.textDocument.uri },
        position: document.textDocument.positionAt(offset)
    });
    await clearDocuments(shared, [document]);
    const contents = hover?.contents as { value: string } | undefined;
    return contents?.value ?? '';
}

const model =
    'model m {\n    data d = sparse_experts(n = 50)\n    experts ~ gaussian(count = 2)\n    gate ~ stick_<|>breaking()\n}';

describe('hover links to the method reference', () => {
    test('a cited section links to its heading line in the shipped file', async () => {
        const value = await hoverAt(METHOD, model);
        const target = URI.file(METHOD)
            .with({ fragment: `L${headingLine('1.3')}` })
            .toString();
        expect(value).toMatch(/Stick-breaking logistic gate/);
        expect(value).toContain(`docs/method.md §1.3](${target})`);
        expect(value).toMatch(/\[(docs\/)?method\.md §1\.3\]\(file:\/\/\//);
    });

    test('without a reference (or an unreadable one) the citation stays plain text', async () => {
        for (const reference of [undefined, join(__dirname, 'no-such-method.md')]) {
            const value = await hoverAt(reference, model);
            expect(value).toMatch(/\(docs\/method\.md §1\.3\)|\(method\.md §1\.3\)/);
            expect(value).not.toContain('](');
        }
    });

    test('every section of a list gets its own link; an unknown section links to the file', () => {
        const reference = {
            uri: URI.file('/x/docs/method.md'),
            lines: sectionLines('# T\n## 1. A\n### 1.5 B\n### 6.4 C\n')
        };
        expect(linkMethodCitations('(docs/method.md §1.5, §6.4; docs/method.md §9.9)', reference)).toBe(
            '([docs/method.md §1.5](file:///x/docs/method.md#L3), [§6.4](file:///x/docs/method.md#L4); [docs/method.md §9.9](file:///x/docs/method.md))'
        );
        expect(linkMethodCitations('see /work/shared/docs/method.md §1.5', reference)).toBe(
            'see /work/shared/docs/method.md §1.5'
        );
    });
});
