/**
 * Which names a .moe file exports and where local names are visible.
 * Only priors are exported (models import priors, nothing else). A split's parts are streams of
 * the whole model, so they are visible in the model, not only inside the `split` statement.
 * Arguments are not symbols.
 */
import {
    Cancellation,
    DefaultScopeComputation,
    interruptAndCheck,
    MultiMap,
    type AstNode,
    type AstNodeDescription,
    type LangiumDocument,
    type LocalSymbols
} from 'langium';
import { isArgument, isPriorDecl, isSplitPart } from '../generated/ast.js';
import { POLL_EVERY, walkAst } from '../ast-walk.js';

export class MoeScopeComputation extends DefaultScopeComputation {
    /** Langium's collection of local symbols over the stack walk of ast-walk.ts, same order. */
    override async collectLocalSymbols(
        document: LangiumDocument,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None
    ): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        let visited = 0;
        for (const node of walkAst(document.parseResult.value, false)) {
            if (visited++ % POLL_EVERY === 0) await interruptAndCheck(cancelToken);
            this.addLocalSymbol(node, document, symbols);
        }
        return symbols;
    }

    protected override addExportedSymbol(
        node: AstNode,
        exports: AstNodeDescription[],
        document: LangiumDocument
    ): void {
        if (isPriorDecl(node)) super.addExportedSymbol(node, exports, document);
    }

    protected override addLocalSymbol(
        node: AstNode,
        document: LangiumDocument,
        symbols: MultiMap<AstNode, AstNodeDescription>
    ): void {
        // A named argument has a `name` but nothing ever refers to it: indexing every argument
        // doubled the scope and linking time of large files.
        if (isArgument(node)) return;
        if (isSplitPart(node)) {
            const model = node.$container.$container;
            if (node.name) symbols.add(model, this.descriptions.createDescription(node, node.name, document));
            return;
        }
        super.addLocalSymbol(node, document, symbols);
    }
}
