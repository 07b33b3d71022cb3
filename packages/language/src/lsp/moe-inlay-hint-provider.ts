/**
 * Inlay hints: after the last argument of a call, the parameters the model leaves out with the
 * defaults the compiler fills in for them, so the text shows what the plan will actually run,
 * e.g. `particle_learning(particles = 500⟨, resampling: systematic, chains: 4, …⟩)`. The values
 * come from the catalogue, the one place the compiler takes its defaults from (compiler/call-view.ts).
 * Derived defaults (`defaultDoc`, e.g. "same as `noise`") are left out: they are not a value.
 */
import { GrammarUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, MarkupKind, type InlayHintLabelPart } from 'vscode-languageserver';
import {
    argumentParameter,
    formatDefault,
    lookupCallable,
    paramDocumentation,
    type ParamSpec
} from '../catalogue/index.js';
import { isCall, type Call } from '../generated/ast.js';

/** The parameters of `call` that it does not give and whose default is a value, in catalogue order. */
export function filledInDefaults(call: Call): ParamSpec[] {
    const spec = lookupCallable(call.callee);
    if (!spec) return [];
    const given = new Set(call.arguments.map(a => argumentParameter(a)?.name));
    return spec.params.filter(p => p.default !== undefined && !given.has(p.name));
}

export class MoeInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isCall(node) || !node.$cstNode) return;
        const close = GrammarUtils.findNodeForKeyword(node.$cstNode, ')');
        const filled = filledInDefaults(node);
        // A call still being typed has no `)`: the hint would land in the wrong place.
        if (!close || filled.length === 0) return;
        const label: InlayHintLabelPart[] = filled.map((p, i) => ({
            value: `${i > 0 || node.arguments.length > 0 ? ', ' : ''}${p.name}: ${formatDefault(p.default!)}`,
            tooltip: { kind: MarkupKind.Markdown, value: paramDocumentation(p) }
        }));
        acceptor({ position: close.range.start, label, kind: InlayHintKind.Parameter });
    }
}
