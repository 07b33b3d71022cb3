/**
 * Quick fixes for the validator's fixable diagnostics, chosen by the code in `Diagnostic.data`
 * (issue-codes.ts):
 * - unknown names, callees, parameters, symbols and columns: "Did you mean ...?" replacements,
 *   and for an unknown prior with no near name, declaring it;
 * - a missing required parameter: add it with a placeholder of the right type;
 * - a parameter given twice: remove the repetition; a name declared twice: rename the repetition;
 * - an unused prior: remove it; an unused CSV column: add it to the inputs; a missing import: remove it;
 * - a value out of range or of the wrong kind: the parameter's default, or a named prior of the right kind;
 * - a combination the engine cannot run: the gate, method or family that makes it runnable.
 */
import { AstUtils, CstUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind,
    type CodeAction,
    type CodeActionParams,
    type Diagnostic,
    type Range,
    type TextEdit
} from 'vscode-languageserver';
import {
    argumentParameter,
    formatDefault,
    lookupCallable,
    type ParamSpec,
    type ParamType,
    type PriorType
} from '../catalogue/index.js';
import {
    isArgument,
    isCall,
    isExpertsDecl,
    isFitDecl,
    isGateDecl,
    isImport,
    isListValue,
    isModel,
    isMoeFile,
    isPriorDecl,
    type Call,
    type Model,
    type MoeFile
} from '../generated/ast.js';
import { IssueCodes } from '../issue-codes.js';
import { argumentValue, numberOf } from '../model/values.js';
import type { MoeServices } from '../moe-module.js';
import { lineStartOf } from './completion-context.js';
import { inferPriorType } from '../type-system/prior-types.js';

/** What the validator puts in `Diagnostic.data` (the fields a code uses are documented in issue-codes.ts). */
interface IssueData {
    code?: string;
    name?: string;
    suggestions?: string[];
    expected?: unknown;
    path?: string;
    callee?: string;
}

export class MoeCodeActionProvider implements CodeActionProvider {
    protected readonly services: MoeServices;

    constructor(services: MoeServices) {
        this.services = services;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
        const actions: CodeAction[] = [];
        for (const given of params.context.diagnostics) {
            const diagnostic = ownDiagnostic(document, given);
            if (diagnostic) actions.push(...this.fixes(document, diagnostic));
        }
        return actions;
    }

    protected fixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = (diagnostic.data ?? {}) as IssueData;
        switch (data.code) {
            case IssueCodes.UnknownName:
                return data.suggestions?.length
                    ? this.replacements(document, diagnostic, data.suggestions)
                    : this.declarePrior(document, diagnostic, data);
            case IssueCodes.UnknownCallee:
            case IssueCodes.UnknownParameter:
            case IssueCodes.UnknownSymbol:
            case IssueCodes.UnknownColumn:
                return this.replacements(document, diagnostic, data.suggestions ?? []);
            case IssueCodes.MissingParameter:
                return this.addMissingParameter(document, diagnostic, data);
            case IssueCodes.DuplicateParameter:
                return this.removeDuplicateArgument(document, diagnostic);
            case IssueCodes.DuplicateName:
                return this.renameDuplicate(document, diagnostic, data);
            case IssueCodes.UnusedPrior:
                return this.removeDeclaration(document, diagnostic, isPriorDecl, `Remove unused prior '${data.name}'`);
            case IssueCodes.MissingImport:
                return this.removeDeclaration(document, diagnostic, isImport, `Remove the import of '${data.path}'`);
            case IssueCodes.UnusedColumn:
                return this.addInput(document, diagnostic, data);
            case IssueCodes.OutOfRange:
            case IssueCodes.TypeMismatch:
                return [...this.valueFixes(document, diagnostic), ...this.combinationFixes(document, diagnostic)];
            case IssueCodes.Unrunnable:
                return this.combinationFixes(document, diagnostic);
            default:
                return [];
        }
    }

    /** "Did you mean 'x'?": replace the diagnostic's token, the closest suggestion preferred. */
    protected replacements(document: LangiumDocument, diagnostic: Diagnostic, suggestions: string[]): CodeAction[] {
        return suggestions.map((suggestion, i) =>
            this.action(
                document,
                `Change to '${suggestion}'`,
                diagnostic,
                [{ range: diagnostic.range, newText: suggestion }],
                i === 0
            )
        );
    }

    /** An unknown prior with no near name: declare it above the model, as the parameter's default distribution. */
    protected declarePrior(document: LangiumDocument, diagnostic: Diagnostic, data: IssueData): CodeAction[] {
        const node = this.nodeAt(document, diagnostic.range);
        const argument = node && AstUtils.getContainerOfType(node, isArgument);
        const param = argument ? argumentParameter(argument) : undefined;
        const root = document.parseResult.value;
        if (data.expected !== 'prior' || !data.name || param?.type.kind !== 'prior' || !isMoeFile(root)) {
            return [];
        }
        const distribution =
            param.default !== undefined ? formatDefault(param.default) : defaultDistribution(param.type.accepts[0]);
        const anchor = root.models[0]?.$cstNode ?? node!.$cstNode!;
        const position = { line: anchor.range.start.line, character: 0 };
        return [
            this.action(
                document,
                `Declare prior '${data.name}'`,
                diagnostic,
                [{ range: { start: position, end: position }, newText: `prior ${data.name} = ${distribution}\n\n` }],
                true
            )
        ];
    }

    protected addMissingParameter(document: LangiumDocument, diagnostic: Diagnostic, data: IssueData): CodeAction[] {
        const call = this.containerAt(document, diagnostic.range, isCall);
        const spec = call ? lookupCallable(call.callee) : undefined;
        const param = spec?.params.find(p => p.name === data.name);
        const close = call?.$cstNode ? lastLeaf(call.$cstNode, ')') : undefined;
        if (!call || !param || !close) {
            return [];
        }
        const written = param.positional ? placeholder(param, call) : `${param.name} = ${placeholder(param, call)}`;
        const last = call.arguments[call.arguments.length - 1]?.$cstNode;
        const edit: TextEdit = last
            ? { range: { start: last.range.end, end: last.range.end }, newText: `, ${written}` }
            : { range: { start: close.range.start, end: close.range.start }, newText: written };
        return [this.action(document, `Add '${written}'`, diagnostic, [edit], true)];
    }

    /** `f(a = 1, a = 2)`: remove the second `a = 2` with its comma. */
    protected removeDuplicateArgument(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const argument = this.containerAt(document, diagnostic.range, isArgument);
        const call = argument?.$container;
        const index = call ? call.arguments.indexOf(argument) : -1;
        if (!argument?.$cstNode || !call || index < 0) {
            return [];
        }
        const previous = call.arguments[index - 1]?.$cstNode;
        const next = call.arguments[index + 1]?.$cstNode;
        const range: Range | undefined = previous
            ? { start: previous.range.end, end: argument.$cstNode.range.end }
            : next
              ? { start: argument.$cstNode.range.start, end: next.range.start }
              : undefined;
        return range
            ? [
                  this.action(
                      document,
                      `Remove the repeated '${argument.name}'`,
                      diagnostic,
                      [{ range, newText: '' }],
                      true
                  )
              ]
            : [];
    }

    /** A prior or stream declared twice: give the repetition the first free name `name_2`, `name_3`, ... */
    protected renameDuplicate(document: LangiumDocument, diagnostic: Diagnostic, data: IssueData): CodeAction[] {
        const root = document.parseResult.value;
        if (!data.name || !isMoeFile(root)) {
            return [];
        }
        const taken = new Set(
            AstUtils.streamAllContents(root)
                .map(n => (n as AstNode & { name?: unknown }).name)
                .filter((n): n is string => typeof n === 'string')
        );
        let suffix = 2;
        while (taken.has(`${data.name}_${suffix}`)) {
            suffix++;
        }
        const fresh = `${data.name}_${suffix}`;
        return [
            this.action(
                document,
                `Rename this '${data.name}' to '${fresh}'`,
                diagnostic,
                [{ range: diagnostic.range, newText: fresh }],
                true
            )
        ];
    }

    /** Delete the whole lines of a declaration (a prior, an import). */
    protected removeDeclaration<T extends AstNode>(
        document: LangiumDocument,
        diagnostic: Diagnostic,
        is: (n: unknown) => n is T,
        title: string
    ): CodeAction[] {
        const node = this.containerAt(document, diagnostic.range, is);
        const cst = node?.$cstNode;
        if (!cst) {
            return [];
        }
        const text = document.textDocument.getText();
        const lineStart = lineStartOf(text, cst.offset);
        const before = text.slice(lineStart, cst.offset);
        const newline = text.indexOf('\n', cst.end);
        const after = text.slice(cst.end, newline < 0 ? text.length : newline);
        // Only when the declaration has its lines to itself (a trailing comment goes with it).
        const ownLines = before.trim() === '' && (after.trim() === '' || after.trim().startsWith('//'));
        const start = ownLines ? lineStart : cst.offset;
        const end = ownLines ? (newline < 0 ? text.length : newline + 1) : cst.end;
        const range = { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) };
        return [this.action(document, title, diagnostic, [{ range, newText: '' }], true)];
    }

    /** An unused CSV column: add it to `inputs = [...]`. */
    protected addInput(document: LangiumDocument, diagnostic: Diagnostic, data: IssueData): CodeAction[] {
        const call = this.containerAt(document, diagnostic.range, isCall);
        if (!call || call.callee !== 'csv' || !data.name) {
            return [];
        }
        const inputs = argumentValue(call, 'inputs');
        let edit: TextEdit | undefined;
        if (isListValue(inputs) && inputs.$cstNode) {
            const last = inputs.items[inputs.items.length - 1]?.$cstNode;
            const close = lastLeaf(inputs.$cstNode, ']');
            edit = last
                ? { range: { start: last.range.end, end: last.range.end }, newText: `, ${data.name}` }
                : close
                  ? { range: { start: close.range.start, end: close.range.start }, newText: data.name }
                  : undefined;
        } else if (!inputs) {
            const last = call.arguments[call.arguments.length - 1]?.$cstNode;
            edit = last
                ? { range: { start: last.range.end, end: last.range.end }, newText: `, inputs = [${data.name}]` }
                : undefined;
        }
        return edit ? [this.action(document, `Add '${data.name}' to the inputs`, diagnostic, [edit], true)] : [];
    }

    /** A value out of range or of the wrong kind: a named prior of the right kind, or the parameter's default. */
    protected valueFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const node = this.nodeAt(document, diagnostic.range);
        const argument = node && AstUtils.getContainerOfType(node, isArgument);
        const param = argument ? argumentParameter(argument) : undefined;
        if (!argument?.value?.$cstNode || !param) {
            return [];
        }
        const range = argument.value.$cstNode.range;
        const actions: CodeAction[] = [];
        if (param.type.kind === 'prior') {
            for (const prior of this.priorsOfKind(document, param.type.accepts)) {
                actions.push(
                    this.action(
                        document,
                        `Use prior '${prior}'`,
                        diagnostic,
                        [{ range, newText: prior }],
                        actions.length === 0
                    )
                );
            }
        }
        if (param.default !== undefined) {
            const text = formatDefault(param.default);
            actions.push(
                this.action(
                    document,
                    `Use the default of '${param.name}': ${text}`,
                    diagnostic,
                    [{ range, newText: text }],
                    actions.length === 0
                )
            );
        }
        return actions;
    }

    /** Experts, gate and method that do not go together: change the gate, the method or the family. */
    protected combinationFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const call = this.containerAt(document, diagnostic.range, isCall);
        const model = call && AstUtils.getContainerOfType(call, isModel);
        if (!call?.$cstNode || !model || !(isGateDecl(call.$container) || isExpertsDecl(call.$container))) {
            return [];
        }
        const method = model.statements.find(isFitDecl)?.method?.callee;
        const range = call.$cstNode.range;
        if (isGateDecl(call.$container) && method === 'particle_learning' && call.callee !== 'stick_breaking') {
            return [
                this.action(
                    document,
                    'Use a stick-breaking gate (particle learning)',
                    diagnostic,
                    [{ range, newText: 'stick_breaking()' }],
                    true
                )
            ];
        }
        if (isGateDecl(call.$container) && method === 'em' && call.callee === 'stick_breaking') {
            const count = expertCount(model);
            return [
                this.action(
                    document,
                    'Use a softmax gate (EM)',
                    diagnostic,
                    [{ range, newText: `softmax(branches = ${count})` }],
                    true
                )
            ];
        }
        if (isExpertsDecl(call.$container) && method === 'em' && call.callee === 'bernoulli') {
            const callee = CstUtils.flattenCst(call.$cstNode).head();
            return callee
                ? [
                      this.action(
                          document,
                          'Use Gaussian experts (EM)',
                          diagnostic,
                          [{ range: callee.range, newText: 'gaussian' }],
                          true
                      )
                  ]
                : [];
        }
        return [];
    }

    /** Named priors visible in the document whose distribution is of one of the accepted kinds. */
    protected priorsOfKind(document: LangiumDocument, accepts: readonly PriorType[]): string[] {
        const root = document.parseResult.value as MoeFile;
        const probe = { $type: 'NameValue', $container: root, $containerProperty: 'value' };
        const scope = this.services.references.ScopeProvider.getScope({
            reference: { $refText: '', ref: undefined } as never,
            container: probe as never,
            property: 'target'
        });
        const names: string[] = [];
        for (const description of scope.getAllElements()) {
            const node = description.node;
            const inferred = isPriorDecl(node) ? inferPriorType(node.distribution) : undefined;
            if (inferred?.kind === 'prior' && accepts.includes(inferred.type) && !names.includes(description.name)) {
                names.push(description.name);
            }
        }
        return names;
    }

    /** The innermost syntax node whose text covers the diagnostic's start. */
    protected nodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        const offset = document.textDocument.offsetAt(range.start);
        return root ? CstUtils.findLeafNodeAtOffset(root, offset)?.astNode : undefined;
    }

    protected containerAt<T extends AstNode>(
        document: LangiumDocument,
        range: Range,
        is: (n: unknown) => n is T
    ): T | undefined {
        const node = this.nodeAt(document, range);
        return node ? AstUtils.getContainerOfType(node, is) : undefined;
    }

    protected action(
        document: LangiumDocument,
        title: string,
        diagnostic: Diagnostic,
        edits: TextEdit[],
        preferred: boolean
    ): CodeAction {
        return {
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: preferred,
            edit: { changes: { [document.textDocument.uri]: edits } }
        };
    }
}

/** The last token `text` inside a node (its closing bracket). */
function lastLeaf(node: CstNode, text: string): CstNode | undefined {
    return CstUtils.flattenCst(node)
        .filter(l => l.text === text)
        .toArray()
        .pop();
}

function defaultDistribution(type: PriorType | undefined): string {
    switch (type) {
        case 'variance':
            return 'inverse_gamma(shape = 2, rate = 1)';
        case 'scale':
            return 'half_cauchy(scale = 1)';
        case 'shrinkage':
            return 'horseshoe()';
        default:
            return 'normal(mean = 0, variance = 1)';
    }
}

/** A value of the right type to fill in for a required parameter. */
function placeholder(param: ParamSpec, call: Call): string {
    const type: ParamType = param.type;
    switch (type.kind) {
        case 'number': {
            if (!type.integer) {
                return '1';
            }
            // Integers: 2 where allowed (a mixture needs two experts or branches), else the smallest allowed.
            const min = type.min === undefined ? 0 : type.minExclusive ? type.min + 1 : type.min;
            const max = type.max === undefined ? Infinity : type.maxExclusive ? type.max - 1 : type.max;
            return String(Math.min(Math.max(min, 2), max));
        }
        case 'boolean':
            return 'true';
        case 'string':
            return call.callee === 'csv' ? '"data.csv"' : '""';
        case 'symbol':
            return type.values[0] ?? '';
        case 'column':
            return 'y';
        case 'columns':
            return '[x]';
        case 'prior':
            return defaultDistribution(type.accepts[0]);
        case 'gate-level':
            return 'softmax(branches = 2)';
        case 'numbers':
            return type.rank === 1 ? '[0]' : type.rank === 2 ? '[[0]]' : '[[[0]]]';
    }
}

/** The number of experts a model declares (2 when it does not say). */
function expertCount(model: Model): number {
    const experts = model.statements.find(isExpertsDecl)?.family;
    const count = experts ? numberOf(argumentValue(experts, 'count')) : undefined;
    return count !== undefined && Number.isInteger(count) && count >= 2 ? count : 2;
}

/**
 * The server's own diagnostic that a client's copy stands for: same message and line, the
 * nearest start column. Edits are built from the server's ranges (the server's parse), never
 * from the client's copy, whose columns a client may count in bytes rather than UTF-16 units
 * (which moves them on a line with non-ASCII text). A copy the server no longer has gets no fix.
 */
export function ownDiagnostic(document: LangiumDocument, given: Partial<Diagnostic>): Diagnostic | undefined {
    const start = given.range?.start;
    const candidates = (document.diagnostics ?? []).filter(
        d => d.message === given.message && (!start || d.range.start.line === start.line)
    );
    const distance = (d: Diagnostic) => (start ? Math.abs(d.range.start.character - start.character) : 0);
    let best: Diagnostic | undefined;
    for (const d of candidates) {
        if (!best || distance(d) < distance(best)) best = d;
    }
    return best;
}
