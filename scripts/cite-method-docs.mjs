#!/usr/bin/env node
// Points every bare citation of the method reference (its file name, then a section sign and
// number) at the file in the repository ("docs/method.md §1.2"). Run from the repository root
// after merging branches that add citations; it is idempotent (a citation already preceded by a
// path is left alone), so it can run any number of times. `--check` changes nothing and exits 1
// when a citation would change.
//
//   node scripts/cite-method-docs.mjs [--check]

import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOTS = ['packages', 'grammar', 'scripts', 'test', 'docs', 'README.md'];
/**
 * A bare citation: "method.md" not preceded by a path or name character (so "docs/method.md"
 * and "/work/shared/docs/method.md" stay as they are), followed by a section sign.
 */
const BARE_CITATION = /(?<![\w./\\-])method\.md(?= ?§)/g;
const TARGET = 'docs/method.md';

const check = process.argv.includes('--check');
const self = relative(process.cwd(), fileURLToPath(import.meta.url))
    .split('\\')
    .join('/');

/** Tracked and untracked-but-not-ignored files under the roots (build output is ignored). */
function candidateFiles() {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...ROOTS], {
        encoding: 'utf8'
    });
    return [...new Set(out.split('\0').filter(Boolean))].filter(f => f !== self);
}

let files = 0;
let citations = 0;
for (const file of candidateFiles()) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    } catch {
        continue; // deleted in the working tree
    }
    if (text.includes('\0')) continue; // binary
    let count = 0;
    const rewritten = text.replace(BARE_CITATION, () => {
        count++;
        return TARGET;
    });
    if (count === 0) continue;
    files++;
    citations += count;
    console.log(`${file}: ${count}`);
    if (!check) {
        const temp = `${file}.cite-${process.pid}.tmp`;
        writeFileSync(temp, rewritten);
        renameSync(temp, file);
    }
}
console.log(`${check ? 'would rewrite' : 'rewrote'} ${citations} citation(s) in ${files} file(s)`);
if (check && citations > 0) process.exitCode = 1;
