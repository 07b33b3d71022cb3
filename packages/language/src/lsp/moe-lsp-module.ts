/**
 * Editor features of the .moe language server: completion, signature help, hover, quick fixes,
 * formatting, rename, outline, folding, inlay hints of filled-in defaults and semantic tokens. Merged into the services by `createMoeServices`. Go to definition
 * and find references are Langium's, working across files through the import-aware scoping.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { MoeServices } from '../moe-module.js';
import { MoeCodeActionProvider } from './moe-code-actions.js';
import { MoeCompletionProvider } from './moe-completion-provider.js';
import { MoeDocumentSymbolProvider } from './moe-document-symbol-provider.js';
import { MoeFoldingRangeProvider } from './moe-folding-range-provider.js';
import { MoeFormatter } from './moe-formatter.js';
import { MoeHoverProvider } from './moe-hover-provider.js';
import { MoeInlayHintProvider } from './moe-inlay-hint-provider.js';
import { MoeRenameProvider } from './moe-rename-provider.js';
import { MoeSemanticTokenProvider } from './moe-semantic-token-provider.js';
import { MoeSignatureHelpProvider } from './moe-signature-help-provider.js';

export const MoeLspModule: Module<MoeServices, PartialLangiumServices> = {
    lsp: {
        CodeActionProvider: services => new MoeCodeActionProvider(services),
        CompletionProvider: services => new MoeCompletionProvider(services),
        Formatter: services => new MoeFormatter(services),
        HoverProvider: services => new MoeHoverProvider(services),
        RenameProvider: services => new MoeRenameProvider(services),
        SignatureHelp: services => new MoeSignatureHelpProvider(services),
        DocumentSymbolProvider: () => new MoeDocumentSymbolProvider(),
        FoldingRangeProvider: services => new MoeFoldingRangeProvider(services),
        InlayHintProvider: () => new MoeInlayHintProvider(),
        SemanticTokenProvider: services => new MoeSemanticTokenProvider(services)
    }
};
