/**
 * Files on disk that a model's diagnostics depend on: the CSV files its `csv(...)` calls read
 * (their headers name the columns) and the `.moe` files it imports. When one changes, the models
 * that reference it are validated again. Langium asks the client to watch files where the client
 * can register watchers dynamically; where it cannot, the server watches the referenced files
 * itself (a bounded number, refreshed after every build).
 */
import { watch, type FSWatcher } from 'node:fs';
import { AstUtils, DocumentState, URI, UriUtils, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { isCall, isStringValue } from '../generated/ast.js';
import type { MoeServices } from '../moe-module.js';

/** At most this many files are watched by the server itself. */
const MAX_WATCHED = 500;

/** The CSV paths a document's `csv(...)` calls read (the positional path or `path = "..."`), as file URIs. */
export function csvFilesOf(document: LangiumDocument): URI[] {
    if (document.uri.scheme !== 'file') return [];
    const found = new Map<string, URI>();
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
        if (!isCall(node) || node.callee !== 'csv') continue;
        for (const argument of node.arguments) {
            if (
                (argument.name === undefined || argument.name === 'path') &&
                isStringValue(argument.value) &&
                argument.value.value
            ) {
                const uri = UriUtils.resolvePath(UriUtils.dirname(document.uri), argument.value.value);
                found.set(uri.toString(), uri);
            }
        }
    }
    return [...found.values()];
}

export function referencedFilesOf(document: LangiumDocument, moe: MoeServices): URI[] {
    return [...csvFilesOf(document), ...moe.references.Imports.importedUris(document).filter(u => u.scheme === 'file')];
}

export function watchReferencedFiles(shared: LangiumSharedServices, moe: MoeServices): void {
    /** Which documents read each referenced file (by URI string). */
    let readers = new Map<string, Set<string>>();
    /** Rebuilds the readers of the changed files (and, when `reread`, the changed `.moe` files themselves, from disk). */
    const revalidateReadersOf = (changed: string[], reread = false) => {
        const affected = new Map<string, URI>();
        for (const file of changed) {
            if (reread && file.endsWith('.moe')) affected.set(file, URI.parse(file));
            for (const reader of readers.get(file) ?? []) affected.set(reader, URI.parse(reader));
        }
        if (affected.size > 0) void shared.workspace.DocumentBuilder.update([...affected.values()], []);
    };

    // Kept per document as each is linked (before its diagnostics go out), so a file changed
    // right after the diagnostics arrive is already watched.
    const filesOf = new Map<string, string[]>();
    const recompute = () => {
        const next = new Map<string, Set<string>>();
        for (const [reader, files] of filesOf) {
            for (const file of files) next.set(file, (next.get(file) ?? new Set()).add(reader));
        }
        readers = next;
        if (selfWatching) refreshWatchers();
    };
    shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Linked, document => {
        filesOf.set(
            document.uri.toString(),
            referencedFilesOf(document, moe).map(u => u.toString())
        );
        recompute();
    });
    shared.workspace.DocumentBuilder.onUpdate((_, deleted) => {
        for (const uri of deleted) filesOf.delete(uri.toString());
        if (deleted.length > 0) recompute();
    });
    // With client file events, Langium rebuilds changed `.moe` files and relinks their importers.
    shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
        revalidateReadersOf(params.changes.map(c => URI.parse(c.uri).toString()).filter(uri => !uri.endsWith('.moe')));
    });

    // Clients that cannot register file watchers send no file events: watch the files here.
    let selfWatching = false;
    const watchers = new Map<string, FSWatcher>();
    shared.lsp.LanguageServer.onInitialize(params => {
        selfWatching = !params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    });
    const refreshWatchers = () => {
        const wanted = [...readers.keys()].slice(0, MAX_WATCHED);
        for (const [key, watcher] of watchers) {
            if (!wanted.includes(key)) {
                watcher.close();
                watchers.delete(key);
            }
        }
        for (const key of wanted) {
            if (watchers.has(key)) continue;
            try {
                const watcher = watch(URI.parse(key).fsPath, { persistent: false }, () =>
                    revalidateReadersOf([key], true)
                );
                watcher.on('error', () => {
                    watcher.close();
                    watchers.delete(key);
                });
                watchers.set(key, watcher);
            } catch {
                // A file that does not exist yet has an error of its own; nothing to watch.
            }
        }
    };
}
