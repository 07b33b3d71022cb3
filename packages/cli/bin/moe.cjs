#!/usr/bin/env node
// The `moe` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (which `npm ci` runs through the root `prepare` script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const bundle = join(__dirname, '..', 'dist', 'moe.cjs');
if (!existsSync(bundle)) {
    process.stderr.write('moe: the command is not built yet; run `npm run build` at the repository root.\n');
    process.exit(2);
}
require(bundle);
