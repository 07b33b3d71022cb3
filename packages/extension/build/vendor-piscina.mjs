// piscina for the packaged extension: `vsce package --no-dependencies` ships no node_modules, and
// piscina cannot be bundled (esbuild.mjs says why), so its published CommonJS files are copied
// unchanged into out/node_modules/piscina, where Node finds them from out/worker/*.cjs. Its own
// package.json comes along: it makes the files CommonJS inside this "type": "module" package
// and gives piscina its version. Declarations, source maps and the ESM wrapper are left out.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** piscina's package folder, wherever npm put it (its exports map hides package.json). */
function packageRoot() {
    const main = createRequire(import.meta.url).resolve('piscina'); // <root>/dist/main.js
    return dirname(dirname(main));
}

/** Every .js file under `folder`, as paths relative to it. */
function scripts(folder, prefix = '') {
    return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap(entry => {
        const path = join(prefix, entry.name);
        if (entry.isDirectory()) return scripts(folder, path);
        return entry.name.endsWith('.js') ? [path] : [];
    });
}

export function vendorPiscina(target) {
    const root = packageRoot();
    rmSync(target, { recursive: true, force: true });
    for (const file of ['package.json', 'LICENSE', ...scripts(root, 'dist')]) {
        if (!existsSync(join(root, file))) continue;
        mkdirSync(dirname(join(target, file)), { recursive: true });
        cpSync(join(root, file), join(target, file));
    }
}
