/**
 * Imports and scoping: an imported file's priors resolve (relative to the importing file),
 * files that are not imported stay invisible, and go-to-definition and find-references work
 * across files through Langium's defaults.
 */
import { AstUtils, EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMoeServices, isNameValue, type MoeFile, type NameValue } from '@moe-studio/language';

const { Moe, shared } = createMoeServices(EmptyFileSystem);
const parse = parseHelper<MoeFile>(Moe);

const library = `prior coef = normal(mean = 0, variance = 10)
prior noise = inverse_gamma(shape = 2, rate = 1)
`;
const model = (imports: string) => `${imports}
model m {
    data train = sparse_experts(n = 10, seed = 1)
    experts ~ gaussian(count = 2, coefficients = coef, variance = noise)
    gate ~ stick_breaking()
    fit particle_learning()
}
`;

function nameValues(document: LangiumDocument<MoeFile>): NameValue[] {
    const values: NameValue[] = [];
    for (const call of [document.parseResult.value.models[0].statements[1]]) {
        for (const node of (call as { family: { arguments: { value: unknown }[] } }).family.arguments) {
            if (isNameValue(node.value)) values.push(node.value);
        }
    }
    return values;
}

let libraryDoc: LangiumDocument<MoeFile>;

beforeAll(async () => {
    libraryDoc = await parse(library, { documentUri: 'file:///ws/lib/priors.moe' });
});

describe('imports', () => {
    it('resolve priors of the imported file, relative to the importing file', async () => {
        const doc = await parse(model('import "../lib/priors.moe"'), {
            documentUri: 'file:///ws/models/a.moe',
            validation: true
        });
        const [coef, noise] = nameValues(doc);
        expect(coef.target.ref?.name).toBe('coef');
        expect(AstUtils.getDocument(coef.target.ref!).uri.toString()).toBe('file:///ws/lib/priors.moe');
        expect(noise.target.ref?.name).toBe('noise');
        expect(doc.diagnostics?.filter(d => d.severity === 1)).toEqual([]);
    });

    it("do not leak: a file that imports nothing does not see other files' priors", async () => {
        const doc = await parse(model(''), { documentUri: 'file:///ws/models/b.moe', validation: true });
        const [coef] = nameValues(doc);
        expect(coef.target.ref).toBeUndefined();
        expect(doc.diagnostics?.map(d => d.message)).toContain(
            "Unknown prior 'coef'. Declare it with `prior coef = ...` or import a file that does."
        );
    });

    it('a path that points elsewhere is reported and resolves nothing', async () => {
        const doc = await parse(model('import "priors.moe"'), {
            documentUri: 'file:///ws/models/c.moe',
            validation: true
        });
        expect(nameValues(doc)[0].target.ref).toBeUndefined();
        expect(doc.diagnostics?.some(d => d.message.startsWith("Imported file 'priors.moe' not found"))).toBe(true);
    });

    it('go to definition jumps into the imported file', async () => {
        const text = model('import "../lib/priors.moe"');
        const doc = await parse(text, { documentUri: 'file:///ws/models/d.moe' });
        const offset = text.indexOf('= coef') + 3;
        const links = await Moe.lsp.DefinitionProvider!.getDefinition(doc, {
            textDocument: { uri: doc.uri.toString() },
            position: doc.textDocument.positionAt(offset)
        });
        expect(links?.[0].targetUri).toBe('file:///ws/lib/priors.moe');
        expect(links?.[0].targetSelectionRange.start).toEqual({ line: 0, character: 6 });
    });

    it('find references sees the uses in importing files', async () => {
        await parse(model('import "../lib/priors.moe"'), { documentUri: 'file:///ws/models/e.moe' });
        const coef = libraryDoc.parseResult.value.priors[0];
        const refs = shared.workspace.IndexManager.findAllReferences(
            coef,
            Moe.workspace.AstNodeLocator.getAstNodePath(coef)
        ).toArray();
        const users = new Set(refs.map(r => r.sourceUri.toString()));
        expect(users.has('file:///ws/models/e.moe')).toBe(true);
        expect(users.has('file:///ws/models/b.moe')).toBe(false);
    });
});
