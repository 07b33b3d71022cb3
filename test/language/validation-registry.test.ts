/**
 * Checks run without a promise when they are synchronous (moe-validation-registry.ts); a check that
 * throws, or whose promise rejects, must still become an error on its node, as in Langium. The
 * checks of each node type are cached as arrays; a check registered later must still run.
 */
import { EmptyFileSystem, URI, type AstNode, type ValidationAcceptor } from 'langium';
import { describe, expect, test, vi } from 'vitest';
import { createMoeServices } from '../../packages/language/src/moe-module.js';
import type { MoeValidationRegistry } from '../../packages/language/src/validation/moe-validation-registry.js';

describe('validation checks', () => {
    test('a throwing or rejecting check becomes an error on its node; a synchronous one reports', async () => {
        const { shared, Moe } = createMoeServices(EmptyFileSystem);
        const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        Moe.validation.ValidationRegistry.register({
            PriorDecl: [
                (_node: AstNode) => {
                    throw new Error('thrown at once');
                },
                async (_node: AstNode) => {
                    await Promise.resolve();
                    throw new Error('thrown later');
                },
                (node: AstNode, accept: ValidationAcceptor) => accept('warning', 'seen at once', { node })
            ]
        });
        const document = shared.workspace.LangiumDocumentFactory.fromString(
            'prior a = normal(mean = 0, variance = 1)\n',
            URI.parse('file:///ws/checks.moe')
        );
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        quiet.mockRestore();
        const messages = (document.diagnostics ?? []).map(d => `${d.severity}:${d.range.start.line}:${d.message}`);
        expect(messages).toContain('1:0:An error occurred during validation: thrown at once');
        expect(messages).toContain('1:0:An error occurred during validation: thrown later');
        expect(messages).toContain('2:0:seen at once');
    });

    test("cached checks are the registry's, and a check registered after a build runs in the next", async () => {
        const { shared, Moe } = createMoeServices(EmptyFileSystem);
        const registry = Moe.validation.ValidationRegistry as MoeValidationRegistry;
        for (const type of ['PriorDecl', 'Model', 'Call', 'AstNode']) {
            for (const categories of [undefined, ['fast' as const], ['slow' as const]]) {
                expect(registry.checksFor(type, categories)).toEqual(registry.getChecks(type, categories).toArray());
            }
        }
        const build = async (name: string): Promise<string[]> => {
            const document = shared.workspace.LangiumDocumentFactory.fromString(
                'prior a = normal(mean = 0, variance = 1)\n',
                URI.parse(`file:///ws/${name}.moe`)
            );
            shared.workspace.LangiumDocuments.addDocument(document);
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            return (document.diagnostics ?? []).map(d => d.message);
        };
        expect(await build('before')).not.toContain('registered late');
        registry.register({
            PriorDecl: (node: AstNode, accept: ValidationAcceptor) => accept('warning', 'registered late', { node })
        });
        expect(await build('after')).toContain('registered late');
    });
});
