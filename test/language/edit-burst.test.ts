/**
 * A burst of edits is built once: an editor's edits reach the server one per event-loop turn, and
 * each cancels the build of the one before; that build must stop before it parses (the document
 * builder yields first, moe-document-builder.ts), so the file is parsed for the first and the last
 * edit only, and the last one's diagnostics are what is built.
 */
import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { createMoeServices } from '../../packages/language/src/moe-module.js';

describe('a burst of edits', () => {
    test('parses the file for the first and the last edit, not for each', async () => {
        const { shared, Moe } = createMoeServices(EmptyFileSystem);
        const uri = 'file:///ws/burst.moe';
        const text = (word: string) => `prior a = normal(mean = 0, variance = 1)\n${word}\n`;
        const first = TextDocument.create(uri, 'moe', 1, text('start'));
        shared.workspace.TextDocuments!.set(first);
        shared.workspace.LangiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromTextDocument(first));
        await shared.workspace.DocumentBuilder.build([...shared.workspace.LangiumDocuments.all], { validation: true });

        const parser = Moe.parser.LangiumParser;
        const parse = parser.parse.bind(parser);
        let parses = 0;
        parser.parse = ((input: string, options?: object) => {
            parses++;
            return parse(input, options);
        }) as typeof parser.parse;

        let last: Promise<unknown> = Promise.resolve();
        for (let version = 2; version <= 21; version++) {
            shared.workspace.TextDocuments!.set(TextDocument.create(uri, 'moe', version, text(`word_${version}`)));
            last = shared.workspace.WorkspaceLock.write(token =>
                shared.workspace.DocumentBuilder.update([URI.parse(uri)], [], token)
            );
            // The next edit arrives on the next turn, as a client's messages do.
            await new Promise(resolve => setImmediate(resolve));
        }
        await last;
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!;
        expect(document.diagnostics?.some(d => d.message.includes("'word_21'"))).toBe(true);
        expect(parses).toBeLessThanOrEqual(2);
    });
});
