// Third-party notices for the packaged extension: the bundles inline code of npm packages, and the
// bundler drops their license comments, so the packages are listed here instead, each with its
// version, its license and the text of its license file. Found from esbuild's metafiles (the
// inputs each bundle really holds), so a package that is not bundled is not listed.
import { existsSync, readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The package folder of a bundled input path under node_modules, or undefined for project code. */
function packageDirOf(input) {
    const parts = resolve(input).split(sep);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) return undefined;
    const scoped = parts[at + 1]?.startsWith('@');
    return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

function licenseText(dir) {
    const file = readdirSync(dir).find(name => /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i.test(name));
    return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/** Writes the notices of every npm package in the given metafiles (plus `extra` package folders). */
export function writeNotices(metafiles, target, extra = []) {
    const dirs = new Set(extra);
    for (const meta of metafiles) {
        for (const input of Object.keys(meta.inputs)) {
            const dir = packageDirOf(input);
            if (dir && existsSync(join(dir, 'package.json'))) dirs.add(dir);
        }
    }
    const packages = [...dirs]
        .map(dir => {
            const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
            return {
                name: pkg.name,
                version: pkg.version,
                license: typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see below'),
                text: licenseText(dir)
            };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    const lines = [
        'MoE Studio includes the following third-party packages, bundled into its scripts.',
        '',
        ...packages.map(p => `- ${p.name} ${p.version} (${p.license})`),
        ''
    ];
    for (const p of packages) {
        lines.push(
            '-'.repeat(78),
            `${p.name} ${p.version}`,
            `License: ${p.license}`,
            '',
            p.text ?? `(The package ships no license file; its package.json says: ${p.license}.)`,
            ''
        );
    }
    const temp = join(dirname(target), `.${Date.now()}.notices.tmp`);
    writeFileSync(temp, lines.join('\n'));
    renameSync(temp, target);
    return packages;
}
