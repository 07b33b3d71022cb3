// Lint: typescript-eslint's recommended rules, Prettier owning the layout, and the layering of the
// packages (CONTRIBUTING.md, "The layering is one way"): language → plan → engine, nothing into
// another package's internals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import { readFileSync } from 'node:fs';

const packages = ['engine', 'language', 'cli', 'extension'];

/** What each package may not import, beyond another package's internals. */
const forbidden = {
    engine: { packages: ['language', 'cli', 'extension'], modules: ['langium', 'vscode'] },
    language: { packages: ['cli', 'extension'], modules: ['vscode'] },
    cli: { packages: ['extension'], modules: ['vscode'] },
    extension: { packages: [], modules: [] }
};

/** The files a package's `exports` name, relative to its folder: the only ones others may import. */
function entryPoints(pkg) {
    const manifest = JSON.parse(readFileSync(new URL(`./packages/${pkg}/package.json`, import.meta.url), 'utf8'));
    return Object.values(manifest.exports ?? {}).map(p => p.replace(/^\.\//, ''));
}

/** Zones for import-x/no-restricted-paths (it resolves each import, so relative paths are caught too). */
function zones(pkg) {
    const out = forbidden[pkg].packages.map(other => ({
        target: `./packages/${pkg}`,
        from: `./packages/${other}`,
        message: `the ${pkg} package must not depend on the ${other} package (layering: language → plan → engine).`
    }));
    for (const other of packages.filter(p => p !== pkg && !forbidden[pkg].packages.includes(p))) {
        out.push({
            target: `./packages/${pkg}`,
            from: `./packages/${other}`,
            except: entryPoints(other),
            message: `import @moe-studio/${other} through an entry point its package.json exports, not its internals.`
        });
    }
    return out;
}

export default tseslint.config(
    {
        ignores: [
            '**/node_modules/',
            '**/dist/',
            '**/out/',
            'packages/language/src/generated/',
            'packages/extension/media/webview.js',
            'packages/extension/syntaxes/',
            'test/artifacts/',
            '.e2e/',
            '.tsbuild/',
            'reports/',
            'catalogue/'
        ]
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.node } },
        plugins: { 'import-x': importX },
        settings: {
            'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })]
        },
        rules: {
            // Every regex here that names a control character means it (escaping names, terminal codes).
            'no-control-regex': 'off',
            // `_name` marks a parameter kept for a signature (callbacks, interface implementations).
            '@typescript-eslint/no-unused-vars': [
                'error',
                { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }
            ]
        }
    },
    {
        files: ['**/*.cjs'],
        languageOptions: { sourceType: 'commonjs' },
        rules: { '@typescript-eslint/no-require-imports': 'off' }
    },
    {
        // Cody's coefficients (and the reference values of their test) stay digit for digit as
        // published, so that they can be checked against the source; the double they round to is the same.
        files: ['packages/engine/src/special/normal.ts', 'test/engine/special-normal.test.ts'],
        rules: { 'no-loss-of-precision': 'off' }
    },
    {
        // Tests hand-edit plans and results into shapes the types forbid, to check the validators.
        files: ['test/**'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' }
    },
    {
        // The functions given to page.evaluate run in the browser.
        files: ['scripts/e2e/**'],
        languageOptions: { globals: { ...globals.browser } }
    },
    {
        files: ['packages/extension/src/webview/**'],
        languageOptions: { globals: { ...globals.browser } }
    },
    ...packages.map(pkg => ({
        files: [`packages/${pkg}/**`],
        rules: {
            'import-x/no-restricted-paths': ['error', { zones: zones(pkg) }],
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        ...forbidden[pkg].modules.map(m => ({
                            group: [m, `${m}/*`],
                            message: `the ${pkg} package must not depend on ${m}.`
                        })),
                        ...forbidden[pkg].packages.map(other => ({
                            group: [`@moe-studio/${other}`, `@moe-studio/${other}/*`],
                            message: `the ${pkg} package must not depend on the ${other} package.`
                        })),
                        {
                            group: ['@moe-studio/*/src', '@moe-studio/*/src/*'],
                            message:
                                'import a package through an entry point its package.json exports, not its internals.'
                        }
                    ]
                }
            ]
        }
    })),
    prettier
);
