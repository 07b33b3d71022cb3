/**
 * Descriptions of named nodes with the selection segment computed on first use, as the name
 * segment already is: Langium computes it eagerly, which turns every declaration of a large model
 * into a range computation that linking and validation never need.
 */
import {
    AstUtils,
    CstUtils,
    DefaultAstNodeDescriptionProvider,
    type AstNode,
    type AstNodeDescription,
    type DocumentSegment,
    type LangiumDocument
} from 'langium';

export class MoeAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(
        node: AstNode,
        name: string | undefined,
        document?: LangiumDocument
    ): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.nameProvider.getName(node);
        const path = this.astNodeLocator.getAstNodePath(node);
        if (!name) throw new Error(`Node at path ${path} has no name.`);
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        const nameProvider = this.nameProvider;
        return {
            node,
            name,
            get nameSegment() {
                return (nameSegment ??= CstUtils.toDocumentSegment(nameProvider.getNameNode(node) ?? node.$cstNode));
            },
            get selectionSegment() {
                return (selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode));
            },
            type: node.$type,
            documentUri: doc.uri,
            path
        };
    }
}
