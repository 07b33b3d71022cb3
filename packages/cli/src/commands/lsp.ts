/**
 * `moe lsp [--stdio]`: the .moe language server for any editor with an LSP client (Neovim,
 * Helix, Emacs, ...), over standard streams. Runs until the client disconnects.
 */
import { startMoeLanguageServer } from '@moe-studio/language/server';

export function lspCommand(): void {
    startMoeLanguageServer();
}
