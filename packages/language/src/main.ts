/**
 * Entry point of the .moe language server (bundled to packages/extension/out/language/main.cjs).
 * Serves the VS Code client over IPC or, with `--stdio`, any editor over standard streams.
 */
import { startMoeLanguageServer } from './lsp/start-server.js';

startMoeLanguageServer();
