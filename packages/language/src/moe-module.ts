/**
 * Dependency-injection module of the .moe language and `createMoeServices`, which wires the
 * generated parser, the scoping across imports, the validator and the editor features together.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { MoeGeneratedModule, MoeGeneratedSharedModule } from './generated/module.js';
import { MoeLspModule } from './lsp/moe-lsp-module.js';
import { MoeScopeComputation } from './references/moe-scope-computation.js';
import { MoeAstNodeDescriptionProvider } from './references/moe-descriptions.js';
import { MoeScopeProvider } from './references/moe-scope-provider.js';
import { MoeLinker } from './references/moe-linker.js';
import { MoeImports } from './references/moe-imports.js';
import { MoeIndexManager } from './workspace/moe-index-manager.js';
import { MoeDocumentBuilder } from './workspace/moe-document-builder.js';
import { MoeReferenceDescriptionProvider } from './workspace/reference-descriptions.js';
import { MoeDocumentValidator } from './validation/moe-document-validator.js';
import { MoeValidationRegistry } from './validation/moe-validation-registry.js';
import { MoeParserErrorMessageProvider } from './parser/moe-parser-errors.js';
import { MoeLexer } from './parser/moe-lexer.js';
import { createMoeParser } from './parser/moe-parser.js';
import { MoeValidator, registerValidationChecks } from './moe-validator.js';

/** Services the .moe language adds to Langium's. */
export interface MoeAddedServices {
    references: {
        Imports: MoeImports;
    };
    validation: {
        MoeValidator: MoeValidator;
    };
}

export type MoeServices = LangiumServices & MoeAddedServices;

export const MoeModule: Module<MoeServices, PartialLangiumServices & MoeAddedServices> = {
    parser: {
        Lexer: services => new MoeLexer(services),
        LangiumParser: services => createMoeParser(services),
        ParserErrorMessageProvider: () => new MoeParserErrorMessageProvider()
    },
    references: {
        Imports: services => new MoeImports(services),
        ScopeComputation: services => new MoeScopeComputation(services),
        ScopeProvider: services => new MoeScopeProvider(services),
        Linker: services => new MoeLinker(services)
    },
    workspace: {
        AstNodeDescriptionProvider: services => new MoeAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: services => new MoeReferenceDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: services => new MoeDocumentValidator(services),
        ValidationRegistry: services => new MoeValidationRegistry(services),
        MoeValidator: services => new MoeValidator(services)
    }
};

/** Shared services the .moe language replaces. */
const MoeSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        IndexManager: services => new MoeIndexManager(services),
        DocumentBuilder: services => new MoeDocumentBuilder(services)
    }
};

/**
 * Creates the shared services and the .moe language services. With a `connection` in the context
 * they serve a language client; without one (tests, the CLI) they work on their own.
 */
export function createMoeServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Moe: MoeServices;
} {
    const shared = inject(createDefaultSharedModule(context), MoeGeneratedSharedModule, MoeSharedModule);
    const Moe = inject(createDefaultModule({ shared }), MoeGeneratedModule, MoeModule, MoeLspModule);
    shared.ServiceRegistry.register(Moe);
    registerValidationChecks(Moe);
    if (!context.connection) {
        // No client sends the configuration: mark it as received so builds do not wait for it.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Moe };
}
