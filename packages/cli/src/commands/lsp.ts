/**
 * `moe lsp [--stdio]`: the .moe language server for any editor with an LSP client (Neovim,
 * Helix, Emacs, ...), over standard streams. Runs until the client disconnects. The server's
 * modules are loaded only here, so the other commands do not pay for (or run) them.
 */
export async function lspCommand(): Promise<void> {
    const { startMoeLanguageServer } = await import('@moe-studio/language/server');
    startMoeLanguageServer();
}
