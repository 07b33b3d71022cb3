/**
 * Folding: model blocks, calls written over several lines (a hierarchy of gates, a long data
 * source), multi-line block comments and runs of line comments. Nothing else folds, so the
 * editor's gutter is not cluttered with one arrow per statement.
 */
import { CstUtils, type AstNode, type LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor } from 'langium/lsp';
import { FoldingRangeKind } from 'vscode-languageserver';
import { isCall, isModel } from '../generated/ast.js';

export class MoeFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override shouldProcess(node: AstNode): boolean {
        return isModel(node) || isCall(node);
    }

    protected override collectCommentFolding(
        document: LangiumDocument,
        node: AstNode,
        acceptor: FoldingRangeAcceptor
    ): void {
        super.collectCommentFolding(document, node, acceptor);
        this.collectLineCommentRuns(document, node, acceptor);
    }

    /** Three or more `//` comments on consecutive lines fold as one. */
    protected collectLineCommentRuns(document: LangiumDocument, root: AstNode, acceptor: FoldingRangeAcceptor): void {
        if (!root.$cstNode) {
            return;
        }
        let runStart = -1;
        let runEnd = -1;
        const flush = (): void => {
            if (runStart >= 0 && runEnd - runStart >= 2) {
                acceptor({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
            }
            runStart = runEnd = -1;
        };
        for (const leaf of CstUtils.flattenCst(root.$cstNode)) {
            const line = leaf.range.start.line;
            const isLineComment =
                leaf.hidden &&
                leaf.tokenType.name === 'SL_COMMENT' &&
                document.textDocument.getText({ start: { line, character: 0 }, end: leaf.range.start }).trim() === '';
            if (!isLineComment) {
                flush();
            } else if (runStart >= 0 && line === runEnd + 1) {
                runEnd = line;
            } else {
                flush();
                runStart = runEnd = line;
            }
        }
        flush();
    }
}
