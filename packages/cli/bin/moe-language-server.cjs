#!/usr/bin/env node
// `moe-language-server [--stdio]`: the .moe language server for any LSP client; the same as `moe lsp`.
process.argv.splice(2, 0, 'lsp');
require('./moe.cjs');
