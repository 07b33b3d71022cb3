// One build for every bundle: the CLI, the language server, the extension client,
// the run worker and the webview script. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');

/** Node bundles (CommonJS, so they load in the VS Code extension host and as plain `node` scripts). */
const nodeBundles = [
    { entry: 'packages/cli/src/main.ts', out: 'packages/cli/dist/moe.cjs' },
    // `moe run` alone, which loads the language package from its own bundle only to compile a
    // model (run-main.ts), so its first phase line does not wait for Langium.
    { entry: 'packages/cli/src/run-main.ts', out: 'packages/cli/dist/moe-run.cjs', languageApart: true },
    { entry: 'packages/language/src/index.ts', out: 'packages/cli/dist/moe-language.cjs' },
    // One run worker (engine/parallel/run-worker.ts) for the CLI and the extension, each with its
    // chain worker next to it.
    { entry: 'packages/engine/src/parallel/run-worker-main.ts', out: 'packages/cli/dist/run-worker.cjs' },
    { entry: 'packages/cli/src/chain-worker.ts', out: 'packages/cli/dist/chain-worker.cjs' },
    { entry: 'packages/cli/src/sbc-worker.ts', out: 'packages/cli/dist/sbc-worker.cjs' },
    { entry: 'packages/cli/src/experiment-worker.ts', out: 'packages/cli/dist/experiment-worker.cjs' },
    { entry: 'packages/language/src/main.ts', out: 'packages/extension/out/language/main.cjs' },
    { entry: 'packages/extension/src/extension/main.ts', out: 'packages/extension/out/extension/main.cjs' },
    { entry: 'packages/engine/src/parallel/run-worker-main.ts', out: 'packages/extension/out/worker/run-worker.cjs' },
    { entry: 'packages/extension/src/worker/chain-worker.ts', out: 'packages/extension/out/worker/chain-worker.cjs' }
];
/**
 * Left to `require` at run time. vscode is the host's. piscina cannot be bundled: its pool starts
 * each thread on its own runtime file (`worker.js` next to the pool code, which a bundle does not
 * have), and that runtime only transfers a reply marked by its own module instance (a private
 * symbol), so a chain worker with a bundled copy of piscina has its output silently dropped.
 * The CLI runs from the repository and finds piscina in node_modules; the extension, packaged
 * without node_modules, ships piscina's published files unchanged in out/node_modules/ (below).
 * bullmq and ioredis (the CLI's job queue) load their Lua scripts and native parts from their
 * own folders; the CLI finds them in node_modules.
 */
const nodeExternal = ['vscode', 'piscina', 'bullmq', 'ioredis'];
/** Browser bundles (webview scripts). */
const browserBundles = [
    { entry: 'packages/extension/src/webview/main.ts', out: 'packages/extension/media/webview.js' }
];

// License comments are dropped from the bundles; packages/extension/THIRD_PARTY_NOTICES.txt
// lists every bundled package with its license text instead (build/notices.mjs).
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none', metafile: true };
/**
 * The extension's bundles are minified (they ship in the .vsix; run errors keep their names, which
 * the engine's error classes set explicitly). The CLI stays readable, and so does a watch build.
 */
const shipped = b => b.out.startsWith('packages/extension/');
const minify = b => (shipped(b) && !watch ? { minify: true } : {});
/** The language package as the separate bundle next to the one importing it, required when first used. */
const languageApart = {
    name: 'language-apart',
    setup(build) {
        build.onResolve({ filter: /^@moe-studio\/language$/ }, () => ({ path: './moe-language.cjs', external: true }));
    }
};
const contexts = [];
for (const b of nodeBundles.filter(b => existsSync(b.entry))) {
    contexts.push({
        bundle: b,
        context: await esbuild.context({
            ...common,
            ...minify(b),
            entryPoints: [b.entry],
            outfile: b.out,
            format: 'cjs',
            platform: 'node',
            target: 'node20',
            external: nodeExternal,
            plugins: b.languageApart ? [languageApart] : []
        })
    });
}
for (const b of browserBundles.filter(b => existsSync(b.entry))) {
    contexts.push({
        bundle: b,
        context: await esbuild.context({
            ...common,
            ...minify(b),
            entryPoints: [b.entry],
            outfile: b.out,
            format: 'iife',
            platform: 'browser',
            target: 'es2022'
        })
    });
}
if (watch) {
    await Promise.all(contexts.map(c => c.context.watch()));
    console.log('esbuild: watching');
} else {
    // Build every bundle even when one fails, so one package's half-done work does not hold up
    // the others; the exit code still reports the failure.
    const outcomes = await Promise.allSettled(contexts.map(c => c.context.rebuild()));
    await Promise.all(contexts.map(c => c.context.dispose()));
    if (outcomes.some(o => o.status === 'rejected')) process.exitCode = 1;
    const metafiles = outcomes.flatMap((o, i) =>
        o.status === 'fulfilled' && shipped(contexts[i].bundle) ? [o.value.metafile] : []
    );
    if (metafiles.length > 0) {
        const { writeNotices } = await import('./packages/extension/build/notices.mjs');
        // piscina ships beside the bundles, unbundled, with its own LICENSE; it is listed too.
        writeNotices(metafiles, 'packages/extension/THIRD_PARTY_NOTICES.txt', ['node_modules/piscina']);
    }
}

// The extension ships the TextMate grammar that `langium generate` writes into grammar/,
// with a few patterns added (packages/extension/build/textmate.mjs).
if (existsSync('grammar/moe.tmLanguage.json')) {
    const { writeExtensionGrammar } = await import('./packages/extension/build/textmate.mjs');
    writeExtensionGrammar('grammar/moe.tmLanguage.json', 'packages/extension/syntaxes/moe.tmLanguage.json');
}

// The extension's run worker requires piscina, which `vsce package --no-dependencies` leaves out.
if (existsSync('packages/extension/src/worker/chain-worker.ts')) {
    const { vendorPiscina } = await import('./packages/extension/build/vendor-piscina.mjs');
    vendorPiscina('packages/extension/out/node_modules/piscina');
}

// The extension ships the method reference that hover text cites and links to
// (packages/language/src/lsp/method-links.ts).
if (existsSync('docs/method.md')) {
    mkdirSync('packages/extension/docs', { recursive: true });
    copyFileSync('docs/method.md', 'packages/extension/docs/method.md');
}
