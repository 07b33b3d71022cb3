// The layering of CONTRIBUTING.md, enforced by eslint.config.js: each case lints a source text as
// if it were a file in a package, through ESLint's own API and the repository's configuration.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rule ids and messages ESLint reports for `source` placed at `file` (relative to the root). */
async function problems(file: string, source: string): Promise<Array<{ rule: string | null; message: string }>> {
    const [result] = await eslint.lintText(source, { filePath: `${root}/${file}` });
    return result!.messages.map(m => ({ rule: m.ruleId, message: m.message }));
}

describe('layering', () => {
    it.each([
        [
            'packages/engine/src/probe.ts',
            "export { compileModelFile } from '@moe-studio/language';",
            /engine package must not depend on the language package/
        ],
        [
            'packages/engine/src/probe.ts',
            "export { CompilePlanRequest } from '../../language/src/messages.js';",
            /engine package must not depend on the language package/
        ],
        ['packages/engine/src/probe.ts', "export { URI } from 'langium';", /engine package must not depend on langium/],
        [
            'packages/engine/src/probe.ts',
            "export * as vscode from 'vscode';",
            /engine package must not depend on vscode/
        ],
        [
            'packages/language/src/probe.ts',
            "export * from '../../cli/src/main.js';",
            /language package must not depend on the cli package/
        ],
        [
            'packages/language/src/probe.ts',
            "export * as vscode from 'vscode';",
            /language package must not depend on vscode/
        ],
        [
            'packages/cli/src/probe.ts',
            "export { activate } from '../../extension/src/extension/main.js';",
            /cli package must not depend on the extension package/
        ],
        [
            'packages/cli/src/probe.ts',
            "export { Rng } from '../../engine/src/random/rng.js';",
            /through an entry point/
        ],
        [
            'packages/extension/src/probe.ts',
            "export { Rng } from '@moe-studio/engine/src/random/rng.js';",
            /through an entry point/
        ]
    ])('%s: %s is an error', async (file, source, message) => {
        const found = await problems(file, source);
        expect(
            found.some(p => message.test(p.message)),
            JSON.stringify(found)
        ).toBe(true);
    });

    it.each([
        ['packages/language/src/probe.ts', "export { memoryBudget } from '@moe-studio/engine/plan';"],
        ['packages/cli/src/probe.ts', "export { compileModelFile } from '@moe-studio/language';"],
        ['packages/extension/src/probe.ts', "export { CompilePlanRequest } from '@moe-studio/language/messages';"],
        ['packages/engine/src/probe.ts', "export { Rng } from './random/rng.js';"]
    ])('%s: %s is allowed', async (file, source) => {
        expect(await problems(file, source)).toEqual([]);
    });
});
