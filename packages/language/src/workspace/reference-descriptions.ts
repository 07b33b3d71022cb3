/**
 * Langium's reference descriptions, also computable synchronously: the index computes them on
 * demand inside a request (see moe-index-manager.ts), where waiting on cancellation polls
 * between nodes would only add latency.
 */
import { DefaultReferenceDescriptionProvider, type LangiumDocument, type ReferenceDescription } from 'langium';
import { forEachReference, walkAst } from '../ast-walk.js';

export class MoeReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** The descriptions of the document's resolved references, in document order. */
    describe(document: LangiumDocument): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        for (const node of walkAst(document.parseResult.value)) {
            forEachReference(node, info => {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            });
        }
        return descriptions;
    }
}
