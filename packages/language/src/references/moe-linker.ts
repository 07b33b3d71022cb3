/**
 * Langium's linker with its walk over the tree replaced by the stack walk of ast-walk.ts, which
 * polls for cancellation every POLL_EVERY nodes instead of awaiting a poll at each one. References
 * are linked in the same order.
 */
import { Cancellation, DefaultLinker, interruptAndCheck, type LangiumDocument } from 'langium';
import { forEachReference, POLL_EVERY, walkAst } from '../ast-walk.js';

export class MoeLinker extends DefaultLinker {
    override async link(
        document: LangiumDocument,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None
    ): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        let visited = 0;
        for (const node of walkAst(document.parseResult.value)) {
            if (visited++ % POLL_EVERY === 0) await interruptAndCheck(cancelToken);
            forEachReference(node, info => this.doLink(info, document));
        }
    }
}
