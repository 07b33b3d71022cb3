/**
 * Checks run without a promise when they are synchronous (moe-validation-registry.ts); a check that
 * throws, or whose promise rejects, must still become an error on its node, as in Langium.
 */
import { EmptyFileSystem, URI, type AstNode, type ValidationAcceptor } from 'langium';
import { describe, expect, test, vi } from 'vitest';
import { createMoeServices } from '../../packages/language/src/moe-module.js';

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
});
