/**
 * What the connected editor can do and what its user asked for, read on the server so every
 * editor gets the same behaviour: snippet support (from the client's capabilities), a command
 * to re-open completion after a parameter name (only when the client names one in its
 * initialization options: the command is editor-specific), and the pedantic-warnings setting
 * (from `initializationOptions.pedanticWarnings`, then from the `moe.validation` settings the
 * client reports, which win once known), and where the method reference is, so hover can link
 * its citations (`initializationOptions.methodReference`, a file path; method-links.ts).
 */
import type { LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams } from 'vscode-languageserver';
import { loadMethodReference, type MethodReference } from './method-links.js';

export interface MoeInitializationOptions {
    pedanticWarnings?: boolean;
    /** A client command that opens completion again, e.g. VS Code's `editor.action.triggerSuggest`. */
    retriggerCompletionCommand?: string;
    /** Absolute path of docs/method.md as the client has it (the extension ships it). */
    methodReference?: string;
}

export class MoeClientOptions {
    snippetSupport = true;
    retriggerCompletionCommand: string | undefined;
    pedanticWarnings = true;
    /** The method reference hover links to; undefined when the client names none or it cannot be read. */
    methodReference: MethodReference | undefined;
    private readonly listeners: Array<() => void> = [];

    initialize(params: InitializeParams): void {
        this.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
        const options = (params.initializationOptions ?? {}) as MoeInitializationOptions;
        if (typeof options.pedanticWarnings === 'boolean') this.pedanticWarnings = options.pedanticWarnings;
        this.retriggerCompletionCommand =
            typeof options.retriggerCompletionCommand === 'string' && options.retriggerCompletionCommand
                ? options.retriggerCompletionCommand
                : undefined;
        this.methodReference =
            typeof options.methodReference === 'string' && options.methodReference
                ? loadMethodReference(options.methodReference)
                : undefined;
    }

    /** The `moe` settings section as the client reports it (`{ validation: { pedanticWarnings } }`). */
    updateSettings(section: unknown): void {
        const value = (section as { validation?: { pedanticWarnings?: unknown } } | undefined)?.validation
            ?.pedanticWarnings;
        if (typeof value !== 'boolean' || value === this.pedanticWarnings) return;
        this.pedanticWarnings = value;
        for (const listener of this.listeners) listener();
    }

    onDidChangeWarnings(listener: () => void): void {
        this.listeners.push(listener);
    }
}

const byServer = new WeakMap<LangiumSharedServices, MoeClientOptions>();

/** The options of the client these services serve (defaults when none has connected: tests, the CLI). */
export function clientOptions(shared: LangiumSharedServices): MoeClientOptions {
    let options = byServer.get(shared);
    if (!options) byServer.set(shared, (options = new MoeClientOptions()));
    return options;
}

/** Reads the options from `initialize` and keeps the settings up to date. */
export function trackClientOptions(shared: LangiumSharedServices): MoeClientOptions {
    const options = clientOptions(shared);
    shared.lsp.LanguageServer.onInitialize(params => options.initialize(params));
    const configuration = shared.workspace.ConfigurationProvider;
    void configuration.ready.then(async () =>
        options.updateSettings({ validation: await configuration.getConfiguration('moe', 'validation') })
    );
    configuration.onConfigurationSectionUpdate(update => {
        if (update.section === 'moe') options.updateSettings(update.configuration);
    });
    return options;
}
