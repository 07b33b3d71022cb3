/**
 * Signature help inside a call: the callee's parameters from the catalogue, with their types and
 * defaults, the one being written highlighted (else the next one not given yet). Found from the
 * tokens before the cursor (completion-context.ts), so it works while the call is half-written.
 */
import type { LangiumDocument } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import {
    MarkupKind,
    type ParameterInformation,
    type SignatureHelp,
    type SignatureHelpOptions,
    type SignatureHelpParams
} from 'vscode-languageserver';
import {
    describeType,
    formatDefault,
    lookupCallable,
    paramDocumentation,
    type CallableSpec,
    type ParamSpec
} from '../catalogue/index.js';
import type { MoeServices } from '../moe-module.js';
import { cursorContext, type CallFrame } from './completion-context.js';

/** `name = default` (or `name` when required, or when the default is derived). */
function parameterText(param: ParamSpec): string {
    return param.default !== undefined ? `${param.name} = ${formatDefault(param.default)}` : param.name;
}

export function signatureOf(spec: CallableSpec, call: Pick<CallFrame, 'given' | 'currentName'>): SignatureHelp {
    const parameters: ParameterInformation[] = [];
    let label = `${spec.name}(`;
    spec.params.forEach((param, i) => {
        if (i > 0) label += ', ';
        const text = parameterText(param);
        parameters.push({
            label: [label.length, label.length + text.length],
            documentation: {
                kind: MarkupKind.Markdown,
                value: `\`${describeType(param.type)}\`${param.required ? ' (required)' : ''}\n\n${paramDocumentation(param)}`
            }
        });
        label += text;
    });
    label += ')';
    const current = call.currentName !== undefined ? spec.params.findIndex(p => p.name === call.currentName) : -1;
    const next = spec.params.findIndex(p => !call.given.includes(p.name));
    return {
        signatures: [{ label, parameters, documentation: spec.doc }],
        activeSignature: 0,
        activeParameter: current >= 0 ? current : next >= 0 ? next : undefined
    };
}

export class MoeSignatureHelpProvider implements SignatureHelpProvider {
    constructor(private readonly services: MoeServices) {}

    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['(', ','], retriggerCharacters: ['='] };
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        const text = document.textDocument.getText();
        const context = cursorContext(
            this.services.parser.Lexer,
            text,
            document.textDocument.offsetAt(params.position)
        );
        const slot = context.slot;
        if (context.inert || !slot) return undefined;
        const call =
            slot.kind === 'argument-name' || slot.kind === 'argument-value'
                ? slot.call
                : slot.kind === 'callee'
                  ? slot.call
                  : slot.kind === 'list-item'
                    ? slot.list.call
                    : undefined;
        const spec = call && lookupCallable(call.callee);
        if (!call || !spec) return undefined;
        const currentName =
            slot.kind === 'argument-value'
                ? slot.param
                : slot.kind === 'callee'
                  ? slot.param
                  : slot.kind === 'list-item'
                    ? slot.list.owner
                    : call.currentName;
        return signatureOf(spec, { given: call.given, currentName });
    }
}
