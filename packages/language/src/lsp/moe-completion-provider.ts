/**
 * Completion for .moe files. Where the cursor is in a slot the catalogue describes (see
 * completion-context.ts) the items come from the catalogue and the model: distribution,
 * generator, family, gate and method names; the parameters of the call being written (those not
 * given yet, required ones first); values of the parameter (resampling schemes, true/false, the
 * default); prior names in scope, imported files included, filtered by the kind of prior the
 * parameter needs; CSV files for `csv(` and the column names read from the header of the file
 * the call reads; the model's streams. Everywhere else (the start of a statement) Langium's grammar-driven completion offers
 * the keywords.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument, UriUtils, type AstNodeDescription, type LangiumDocument } from 'langium';
import {
    DefaultCompletionProvider,
    type CompletionBacktrackingInformation,
    type CompletionProviderOptions,
    type NextFeature
} from 'langium/lsp';
import {
    CompletionItemKind,
    CompletionList,
    InsertTextFormat,
    MarkupKind,
    type CompletionItem,
    type CompletionParams,
    type Range
} from 'vscode-languageserver';
import {
    callableDocumentation,
    callablesIn,
    describeType,
    formatDefault,
    KEYWORD_DOCS,
    lookupCallable,
    lookupParam,
    paramDocumentation,
    PRIOR_TYPE_LABELS,
    type CallableSpec,
    type PriorType
} from '../catalogue/index.js';
import { readDataHeader } from '../data/data-access.js';
import { isCall, isDataDecl, isMoeFile, isNameValue, isPriorDecl, isSplitDecl, type Model } from '../generated/ast.js';
import { modelParts } from '../model/model-parts.js';
import { inferPriorType } from '../type-system/prior-types.js';
import {
    cursorContext,
    lineStartOf,
    previousLineStart,
    type CallFrame,
    type CursorSlot,
    type ListFrame
} from './completion-context.js';
import { clientOptions, type MoeClientOptions } from './client-options.js';
import type { MoeServices } from '../moe-module.js';

/** Sort groups: what the slot most likely wants first. */
const SORT = { required: '0', preferred: '1', normal: '2', other: '3' } as const;

export class MoeCompletionProvider extends DefaultCompletionProvider {
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['(', ',', '=', '~', '['] };
    protected readonly client: MoeClientOptions;

    constructor(services: MoeServices) {
        super(services);
        this.client = clientOptions(services.shared);
    }

    override async getCompletion(
        document: LangiumDocument,
        params: CompletionParams
    ): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const context = cursorContext(this.lexer, text, offset);
        if (context.inert) {
            return CompletionList.create([], false);
        }
        if (context.slot) {
            const range: Range = {
                start: document.textDocument.positionAt(context.wordStart),
                end: document.textDocument.positionAt(context.wordEnd)
            };
            const items = this.slotItems(document, offset, context.slot);
            if (!this.client.snippetSupport) items.forEach(plainText);
            for (const item of items) {
                item.textEdit = { range, newText: item.insertText ?? item.label };
                delete item.insertText;
            }
            return CompletionList.create(items, false);
        }
        // Statement starts and anything else the grammar decides: keywords, with their documentation.
        const list = await super.getCompletion(document, params);
        for (const item of list?.items ?? []) {
            const doc = item.kind === CompletionItemKind.Keyword ? KEYWORD_DOCS[item.label] : undefined;
            if (doc) {
                item.documentation = { kind: MarkupKind.Markdown, value: doc };
            }
        }
        return list;
    }

    /**
     * Langium's completion re-parses the text from the start of the file to the cursor, which on a
     * large file costs far more than the 50 ms a keystroke may take. The grammar's entry rule
     * accepts any sequence of imports, priors and models, so parsing may as well start at the
     * top-level declaration the cursor is in.
     */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const text = document.getText();
        const start = topLevelDeclarationStart(text, offset);
        if (start === 0) {
            return super.findFeaturesAt(document, offset);
        }
        const tail = TextDocument.create(
            document.uri,
            document.languageId,
            document.version,
            text.slice(start, offset)
        );
        return super.findFeaturesAt(tail, offset - start);
    }

    /** Token lookup around the cursor, likewise from the top-level declaration the cursor is in. */
    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const start = topLevelDeclarationStart(text, offset);
        const found = super.backtrackToAnyToken(text.slice(start), offset - start);
        const shift = (value: number | undefined) => (value === undefined ? undefined : value + start);
        return {
            previousTokenStart: shift(found.previousTokenStart),
            previousTokenEnd: shift(found.previousTokenEnd),
            nextTokenStart: found.nextTokenStart + start,
            nextTokenEnd: found.nextTokenEnd + start
        };
    }

    protected slotItems(document: LangiumDocument, offset: number, slot: CursorSlot): CompletionItem[] {
        switch (slot.kind) {
            case 'callee':
                if (slot.category === 'split') {
                    return [
                        ...callablesIn('split').map(spec => calleeItem(spec)),
                        {
                            label: '0.8',
                            kind: CompletionItemKind.Value,
                            detail: 'fraction of the rows',
                            sortText: SORT.normal
                        }
                    ];
                }
                // `prior p = |` (a distribution outside any call): another named prior may stand
                // there too (an alias), except the one being declared.
                if (slot.category === 'distribution' && !slot.call) {
                    const declared = /prior\s+([_a-zA-Z]\w*)\s*=\s*$/.exec(
                        document.textDocument
                            .getText()
                            .slice(lineStartOf(document.textDocument.getText(), offset), offset)
                    )?.[1];
                    return [
                        ...this.namedPriorItems(document, Object.keys(PRIOR_TYPE_LABELS) as PriorType[]).filter(
                            i => i.label !== declared
                        ),
                        ...callablesIn('distribution').map(spec => calleeItem(spec))
                    ];
                }
                return callablesIn(slot.category).map(spec => calleeItem(spec));
            case 'argument-name':
                return [...this.argumentNameItems(slot.call), ...this.csvFileItems(document, slot.call)];
            case 'argument-value':
                return this.argumentValueItems(document, slot.call, slot.param);
            case 'list-item':
                return this.listItems(document, slot.list);
            case 'stream':
                return this.modelAt(document, offset)
                    .flatMap(model => streamNames(model))
                    .map(name => ({
                        label: name,
                        kind: CompletionItemKind.Variable,
                        detail: 'stream',
                        sortText: SORT.normal
                    }));
            case 'data':
                return this.modelAt(document, offset)
                    .flatMap(model => modelParts(model).data)
                    .filter(data => data.name)
                    .map(data => ({
                        label: data.name,
                        kind: CompletionItemKind.Variable,
                        detail: `data ${data.source?.callee ?? ''}`.trim(),
                        sortText: SORT.normal
                    }));
            case 'response':
                return this.modelAt(document, offset)
                    .flatMap(model => this.modelColumns(document, model, 'target'))
                    .map(column => columnItem(column, 'the CSV target', SORT.preferred));
        }
    }

    protected argumentNameItems(call: CallFrame): CompletionItem[] {
        const spec = lookupCallable(call.callee);
        if (!spec) {
            return [];
        }
        return spec.params
            .filter(
                param => !call.given.includes(param.name) && !(param.positional && call.positionalStrings.length > 0)
            )
            .map(param => ({
                label: param.name,
                kind: CompletionItemKind.Property,
                detail: describeType(param.type),
                documentation: { kind: MarkupKind.Markdown, value: paramDocumentation(param) },
                insertText: `${param.name} = `,
                // Suggest the value right away once the name is in, where the client has a command for it.
                command: this.client.retriggerCompletionCommand
                    ? { title: 'suggest', command: this.client.retriggerCompletionCommand }
                    : undefined,
                sortText:
                    (param.required ? SORT.required : SORT.normal) + String(spec.params.indexOf(param)).padStart(2, '0')
            }));
    }

    /** `csv(|`: the CSV files next to the model and one folder down, as the path (the positional first argument). */
    protected csvFileItems(document: LangiumDocument, call: CallFrame): CompletionItem[] {
        if (
            call.callee !== 'csv' ||
            call.given.length > 0 ||
            call.positionalStrings.length > 0 ||
            document.uri.scheme !== 'file'
        ) {
            return [];
        }
        const base = dirname(document.uri.fsPath);
        const found: string[] = [];
        const list = (folder: string, depth: number): void => {
            let entries: Dirent[];
            try {
                entries = readdirSync(join(base, folder), { withFileTypes: true });
            } catch {
                return;
            }
            for (const entry of entries) {
                const path = folder ? `${folder}/${entry.name}` : entry.name;
                if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) {
                    found.push(path);
                } else if (
                    entry.isDirectory() &&
                    depth > 0 &&
                    !entry.name.startsWith('.') &&
                    entry.name !== 'node_modules'
                ) {
                    list(path, depth - 1);
                }
            }
        };
        list('', 1);
        return found.sort().map(path => ({
            label: JSON.stringify(path),
            kind: CompletionItemKind.File,
            detail: 'CSV file',
            sortText: SORT.preferred
        }));
    }

    protected argumentValueItems(document: LangiumDocument, call: CallFrame, name: string): CompletionItem[] {
        const spec = lookupCallable(call.callee);
        const param = spec ? lookupParam(spec, name) : undefined;
        if (!spec || !param) {
            return [];
        }
        const items: CompletionItem[] = [];
        const type = param.type;
        switch (type.kind) {
            case 'symbol':
                items.push(
                    ...type.values.map(value => ({
                        label: value,
                        kind: CompletionItemKind.EnumMember,
                        detail: `${param.name} of ${spec.name}`,
                        documentation: { kind: MarkupKind.Markdown, value: paramDocumentation(param) },
                        sortText: value === param.default ? SORT.preferred : SORT.normal
                    }))
                );
                break;
            case 'boolean':
                items.push(
                    ...['true', 'false'].map(value => ({
                        label: value,
                        kind: CompletionItemKind.Value,
                        sortText: String(param.default) === value ? SORT.preferred : SORT.normal
                    }))
                );
                break;
            case 'column':
                items.push(
                    ...this.callColumns(document, call).map(column =>
                        columnItem(column, `column of ${this.callPath(call)}`, SORT.normal)
                    )
                );
                break;
            case 'columns': {
                // `inputs = |`: every column but the target, as one list, or an empty list to fill in.
                const target = call.namedNames.target;
                const columns = this.callColumns(document, call).filter(column => column !== target);
                if (columns.length > 0) {
                    items.push({
                        label: `[${columns.join(', ')}]`,
                        kind: CompletionItemKind.Value,
                        detail: 'every column but the target',
                        sortText: SORT.preferred
                    });
                }
                break;
            }
            case 'prior':
                items.push(...this.priorItems(document, type.accepts));
                break;
            case 'gate-level':
                items.push(...callablesIn('gate-level').map(level => calleeItem(level)));
                break;
            default:
                break;
        }
        if (param.default !== undefined && type.kind !== 'symbol' && type.kind !== 'boolean' && type.kind !== 'prior') {
            const text = formatDefault(param.default);
            items.push({ label: text, kind: CompletionItemKind.Value, detail: 'default', sortText: SORT.other });
        }
        return items;
    }

    protected listItems(document: LangiumDocument, list: ListFrame): CompletionItem[] {
        if (!list.call || !list.owner) {
            return [];
        }
        const spec = lookupCallable(list.call.callee);
        const param = spec ? lookupParam(spec, list.owner) : undefined;
        if (param?.type.kind !== 'columns') {
            return [];
        }
        const taken = new Set([...list.names, list.call.namedNames.target]);
        return this.callColumns(document, list.call)
            .filter(column => !taken.has(column))
            .map(column => columnItem(column, `column of ${this.callPath(list.call!)}`, SORT.normal));
    }

    /** Named priors in scope (this file and the files it imports) of the accepted kinds, then inline distributions. */
    protected priorItems(document: LangiumDocument, accepts: readonly PriorType[]): CompletionItem[] {
        const items = this.namedPriorItems(document, accepts);
        for (const type of accepts) {
            for (const spec of callablesIn('distribution').filter(d => d.priorType === type)) {
                items.push({ ...calleeItem(spec), detail: PRIOR_TYPE_LABELS[type], sortText: SORT.normal });
            }
        }
        return items;
    }

    /** Named priors in scope of the accepted kinds (a prior whose kind is unknown yet is offered too). */
    protected namedPriorItems(document: LangiumDocument, accepts: readonly PriorType[]): CompletionItem[] {
        const items: CompletionItem[] = [];
        for (const description of this.priorsInScope(document)) {
            const node = description.node;
            const inferred = isPriorDecl(node) ? inferPriorType(node.distribution) : undefined;
            const fits = inferred?.kind === 'prior' ? accepts.includes(inferred.type) : undefined;
            if (fits === false) {
                continue;
            }
            const origin =
                description.documentUri.toString() === document.uri.toString()
                    ? ''
                    : ` (from ${UriUtils.basename(description.documentUri)})`;
            items.push({
                label: description.name,
                kind: CompletionItemKind.Reference,
                detail: `prior${inferred?.kind === 'prior' ? ` ${inferred.distribution}` : ''}${origin}`,
                documentation: node?.$cstNode
                    ? { kind: MarkupKind.Markdown, value: '```moe\n' + node.$cstNode.text + '\n```' }
                    : undefined,
                sortText: SORT.preferred
            });
        }
        return items;
    }

    protected priorsInScope(document: LangiumDocument): AstNodeDescription[] {
        const root = document.parseResult.value;
        // A placeholder bare name at the top of the file: its scope is every prior this file can see.
        const probe = { $type: 'NameValue', $container: root, $containerProperty: 'value' } as const;
        const scope = this.scopeProvider.getScope({
            reference: { $refText: '', ref: undefined } as never,
            container: probe as never,
            property: 'target'
        });
        const seen = new Set<string>();
        return scope
            .getAllElements()
            .filter(d => !seen.has(d.name) && Boolean(seen.add(d.name)))
            .toArray();
    }

    /** The model the cursor is in (none at the top level). */
    protected modelAt(document: LangiumDocument, offset: number): Model[] {
        const root = document.parseResult.value;
        if (!isMoeFile(root)) {
            return [];
        }
        const model = root.models.find(m => m.$cstNode && m.$cstNode.offset <= offset && offset <= m.$cstNode.end);
        return model ? [model] : [];
    }

    /** The CSV path of a `csv(...)` call being written. */
    protected callPath(call: CallFrame): string {
        return call.namedStrings.path ?? call.positionalStrings[0] ?? '';
    }

    protected callColumns(document: LangiumDocument, call: CallFrame): string[] {
        return call.callee === 'csv' ? this.csvColumns(document, this.callPath(call)) : [];
    }

    /** Columns of the CSV files a model reads (for `experts |`: the targets). */
    protected modelColumns(document: LangiumDocument, model: Model, which: 'target'): string[] {
        const columns: string[] = [];
        for (const data of modelParts(model).data) {
            const source = data.source;
            if (!isCall(source) || source.callee !== 'csv') {
                continue;
            }
            const value = source.arguments.find(a => a.name === which)?.value;
            if (isNameValue(value) && value.target.$refText) {
                columns.push(value.target.$refText);
            }
        }
        return [...new Set(columns)];
    }

    protected csvColumns(document: LangiumDocument, path: string): string[] {
        if (!path || document.uri.scheme !== 'file') {
            return [];
        }
        const header = readDataHeader(
            UriUtils.resolvePath(UriUtils.dirname(document.uri), path).fsPath,
            document.uri.fsPath
        );
        return header.ok ? header.columns : [];
    }
}

/**
 * Offset of the start of the line that begins the top-level declaration (`import`, `prior`,
 * `model` at the start of a line) before `offset`, or 0.
 */
export function topLevelDeclarationStart(text: string, offset: number): number {
    for (let lineStart = lineStartOf(text, offset); lineStart > 0; lineStart = previousLineStart(text, lineStart)) {
        if (/^(import|prior|model)\s+["_a-zA-Z]/.test(text.slice(lineStart, lineStart + 12))) {
            return lineStart;
        }
    }
    return 0;
}

/**
 * Names of the streams a model can fit or check on: the parts of its splits and the data streams
 * that are not split. Read defensively: while typing, a split may have no source yet.
 */
function streamNames(model: Model): string[] {
    const split = new Set(
        model.statements
            .filter(isSplitDecl)
            .map(s => s.source?.$refText)
            .filter(Boolean)
    );
    const names = model.statements
        .filter(isDataDecl)
        .map(d => d.name)
        .filter(name => name && !split.has(name));
    for (const statement of model.statements.filter(isSplitDecl)) {
        names.push(...(statement.parts ?? []).map(part => part.name).filter(Boolean));
    }
    return [...new Set(names)];
}

function calleeItem(spec: CallableSpec): CompletionItem {
    const required = spec.params.filter(p => p.required && !p.positional);
    const snippetArgs = required.map((p, i) => `${p.name} = \${${i + 1}}`).join(', ');
    return {
        label: spec.name,
        kind: spec.category === 'distribution' ? CompletionItemKind.Class : CompletionItemKind.Function,
        detail: `${spec.name}(${spec.params.map(p => p.name).join(', ')})`,
        documentation: { kind: MarkupKind.Markdown, value: callableDocumentation(spec) },
        insertText: `${spec.name}(${snippetArgs || '$1'})`,
        insertTextFormat: InsertTextFormat.Snippet,
        filterText: spec.name,
        sortText: SORT.normal
    };
}

/**
 * The item as plain text, for clients without snippet support: `normal(mean = ${1}, ...)`
 * becomes `normal(mean = , ...)`, placeholders dropped and escapes undone.
 */
export function plainText(item: CompletionItem): void {
    if (item.insertTextFormat !== InsertTextFormat.Snippet) return;
    if (item.insertText !== undefined) item.insertText = snippetToPlain(item.insertText);
    item.insertTextFormat = InsertTextFormat.PlainText;
}

export function snippetToPlain(snippet: string): string {
    let text = snippet;
    // Innermost placeholders first, so nested defaults come out whole.
    for (let i = 0; i < 10 && /\$\{\d+[:|}]/.test(text); i++) {
        text = text
            .replace(/\$\{\d+\}/g, '')
            .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
            .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
    }
    return text.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

function columnItem(column: string, detail: string, sortText: string): CompletionItem {
    return { label: column, kind: CompletionItemKind.Field, detail, sortText };
}
