/**
 * The method reference that hover links to ships inside the extension: the build copies
 * docs/method.md to packages/extension/docs/method.md, `vsce` packs it (listed by vsce's own file
 * list, as `npm run package` would), and the client passes that path to the language server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// vsce's programmatic API (CommonJS, no type declarations); packageManager None: no node_modules, as `npm run package` (--no-dependencies).
const vsce = createRequire(__filename)('@vscode/vsce') as {
    listFiles(options: { cwd: string; packageManager: number }): Promise<string[]>;
    PackageManager: { None: number };
};

const root = resolve(__dirname, '../..');
const extension = join(root, 'packages/extension');
const shipped = join(extension, 'docs/method.md');

describe('the method reference in the packaged extension', () => {
    it('is in the files vsce packs', async () => {
        const files = await vsce.listFiles({ cwd: extension, packageManager: vsce.PackageManager.None });
        expect(files).toContain('docs/method.md');
    });

    it.skipIf(!existsSync(shipped))("is the repository's docs/method.md as built", () => {
        expect(
            readFileSync(shipped, 'utf8') === readFileSync(join(root, 'docs/method.md'), 'utf8'),
            'stale copy: run npm run build'
        ).toBe(true);
    });

    it('is the path the client gives the language server', () => {
        const client = readFileSync(join(extension, 'src/extension/language-client.ts'), 'utf8');
        expect(client).toMatch(/methodReference: context\.asAbsolutePath\('docs\/method\.md'\)/);
    });
});
