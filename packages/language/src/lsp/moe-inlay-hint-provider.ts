/**
 * Inlay hints: after the last argument of a call, the parameters the model leaves out with the
 * defaults the compiler fills in for them, so the text shows what the plan will actually run,
 * e.g. `particle_learning(particles = 500⟨, resampling: systematic, chains: 4, …⟩)`. The values
 * come from the catalogue, the one place the compiler takes its defaults from (compiler/call-view.ts).
 * A `sameAs` default shows the value it takes in this call: the other parameter's text as written,
 * or that parameter's own default.
 */
import { GrammarUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, MarkupKind, type InlayHintLabelPart } from 'vscode-languageserver';
import { formatDefault, lookupCallable, paramDocumentation, type ParamSpec } from '../catalogue/index.js';
import { isCall, type Call } from '../generated/ast.js';
import { argumentsByName } from '../model/values.js';

/** A parameter `call` leaves out, with the default the compiler fills in, as source text. */
export interface FilledInDefault {
    param: ParamSpec;
    text: string;
}

/** The parameters of `call` that it does not give and that have a default, in catalogue order. */
export function filledInDefaults(call: Call): FilledInDefault[] {
    const spec = lookupCallable(call.callee);
    if (!spec) return [];
    const given = argumentsByName(call);
    const textOf = (p: ParamSpec): string | undefined => {
        const argument = given.get(p.name);
        if (argument) return argument.value.$cstNode?.text;
        if (p.sameAs) {
            const other = spec.params.find(q => q.name === p.sameAs);
            return other && textOf(other);
        }
        return p.default !== undefined ? formatDefault(p.default) : undefined;
    };
    const filled: FilledInDefault[] = [];
    for (const param of spec.params) {
        if (given.has(param.name) || param.required) continue;
        const text = textOf(param);
        if (text !== undefined) filled.push({ param, text });
    }
    return filled;
}

export class MoeInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isCall(node) || !node.$cstNode) return;
        const close = GrammarUtils.findNodeForKeyword(node.$cstNode, ')');
        const filled = filledInDefaults(node);
        // A call still being typed has no `)`: the hint would land in the wrong place.
        if (!close || filled.length === 0) return;
        const label: InlayHintLabelPart[] = filled.map(({ param, text }, i) => ({
            value: `${i > 0 || node.arguments.length > 0 ? ', ' : ''}${param.name}: ${text}`,
            tooltip: { kind: MarkupKind.Markdown, value: paramDocumentation(param) }
        }));
        acceptor({ position: close.range.start, label, kind: InlayHintKind.Parameter });
    }
}
