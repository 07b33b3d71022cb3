/**
 * The index computes reference descriptions only when asked (find references, rename); after an
 * edit in one file, find references must see the edited file and the files that import it as
 * they are now, not as they were when the descriptions were last computed.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';

const PRIORS = 'file:///ws/priors.moe';
const MODEL = 'file:///ws/model.moe';
const priorsText = (extra = '') => `${extra}prior noise = inverse_gamma()\n`;
const modelText = (uses: number) =>
    [
        'import "priors.moe"',
        'model m {',
        '    data all = sparse_experts(n = 100, seed = 1)',
        ...Array.from({ length: uses }, (_, i) => `    experts e${i} ~ gaussian(count = 2, variance = noise)`),
        '    fit em() on all',
        '}',
        ''
    ].join('\n');

function editor() {
    const { shared, Moe } = createMoeServices(EmptyFileSystem);
    const versions = new Map<string, number>();
    /** Sets a file's text as an editor would and rebuilds what the change affects. */
    const write = async (uri: string, text: string): Promise<void> => {
        const version = (versions.get(uri) ?? 0) + 1;
        versions.set(uri, version);
        const textDocument = TextDocument.create(uri, 'moe', version, text);
        shared.workspace.TextDocuments!.set(textDocument);
        const parsed = URI.parse(uri);
        if (!shared.workspace.LangiumDocuments.hasDocument(parsed)) {
            shared.workspace.LangiumDocuments.addDocument(
                shared.workspace.LangiumDocumentFactory.fromTextDocument(textDocument)
            );
        }
        await shared.workspace.DocumentBuilder.update([parsed], []);
    };
    const document = (uri: string): LangiumDocument => shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!;
    /** Files and lines of the uses of `noise`, asked at its declaration. */
    const usesOfNoise = async (): Promise<string[]> => {
        const priors = document(PRIORS);
        const offset = priors.textDocument.getText().indexOf('noise');
        const locations = (await Moe.lsp.ReferencesProvider!.findReferences(priors, {
            textDocument: { uri: PRIORS },
            position: priors.textDocument.positionAt(offset),
            context: { includeDeclaration: false }
        })) as Location[];
        return locations.map(l => `${l.uri.replace('file:///ws/', '')}:${l.range.start.line}`).sort();
    };
    return { write, document, usesOfNoise };
}

describe('find references after edits', () => {
    test('sees the uses an edit added to or removed from the importing file', async () => {
        const { write, usesOfNoise } = editor();
        await write(PRIORS, priorsText());
        await write(MODEL, modelText(1));
        expect(await usesOfNoise()).toEqual(['model.moe:3']);

        await write(MODEL, modelText(2));
        expect(await usesOfNoise()).toEqual(['model.moe:3', 'model.moe:4']);

        await write(MODEL, modelText(0));
        expect(await usesOfNoise()).toEqual([]);
    });

    test('sees the importing file again after the declaring file was edited', async () => {
        const { write, usesOfNoise } = editor();
        await write(PRIORS, priorsText());
        await write(MODEL, modelText(1));
        // Nothing asks for the model's descriptions before the edit: the importer must still be relinked.
        // A prior before it changes its path in the file, which the model's link must follow.
        await write(PRIORS, priorsText('prior first = inverse_gamma()\n'));
        expect(await usesOfNoise()).toEqual(['model.moe:3']);
        // And once more, now that the descriptions were computed.
        await write(PRIORS, priorsText('prior first = inverse_gamma()\nprior second = inverse_gamma()\n'));
        expect(await usesOfNoise()).toEqual(['model.moe:3']);
    });
});

describe('relinking after edits', () => {
    test('an edit relinks the files that import the edited one, not a model with a bare symbol elsewhere', async () => {
        const { write, document } = editor();
        const OTHER = 'file:///ws/other.moe';
        await write(PRIORS, priorsText());
        await write(MODEL, modelText(1));
        // `resampling = systematic` is a reference that resolves to no prior: a linking error.
        await write(
            OTHER,
            'model other {\n    data all = sparse_experts(n = 100, seed = 1)\n    experts ~ gaussian(count = 2)\n    fit particle_learning(resampling = systematic) on all\n}\n'
        );
        expect(document(OTHER).references.some(r => r.error !== undefined)).toBe(true);
        const otherDiagnostics = document(OTHER).diagnostics;
        const modelDiagnostics = document(MODEL).diagnostics;
        await write(PRIORS, priorsText('prior first = inverse_gamma()\n'));
        // Rebuilt diagnostics are new arrays; untouched documents keep theirs.
        expect(document(MODEL).diagnostics).not.toBe(modelDiagnostics);
        expect(document(OTHER).diagnostics).toBe(otherDiagnostics);
    });
});
