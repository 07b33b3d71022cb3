/**
 * Langium's CST builder without its needless work on every token:
 * - Before every consumed token the parser asks the builder to place the hidden tokens (comments)
 *   that precede it; Langium's builder does so even when there are none, and for the first token
 *   of a new node it searches the parent's children with `indexOf` for the node, which is the
 *   last of them. At the top level of a file that parent holds every declaration so far, so
 *   parsing grew quadratically with the number of priors (or of comments).
 * - A leaf's range (three objects) is worked out when first asked for, not for every token: only
 *   diagnostics, hovers and the like ask, for a few leaves.
 * - A composite node's children are a plain array. Langium's is an `Array` subclass whose
 *   constructor changes its own prototype, which V8 cannot optimise; its `push` only set each
 *   child's `container`, which this builder sets itself. (No rule of the grammar has an action
 *   that re-parents a node, the one other place Langium pushes children.)
 */
import {
    CompositeCstNodeImpl,
    CstNodeBuilder,
    CstUtils,
    LeafCstNodeImpl,
    type CompositeCstNode,
    type CstNode,
    type GrammarAST,
    type RootCstNode
} from 'langium';
import type { IToken } from 'chevrotain';
import type { Range } from 'vscode-languageserver-types';

/** A leaf that keeps its token's line and column numbers and builds its range on demand. */
class MoeLeafCstNode extends LeafCstNodeImpl {
    private lazyRange: Range | undefined;
    private readonly startLine: number;
    private readonly startColumn: number;
    private readonly endLine: number;
    private readonly endColumn: number;

    constructor(token: IToken, hidden: boolean) {
        super(token.startOffset, token.image.length, undefined as unknown as Range, token.tokenType, hidden);
        this.startLine = token.startLine!;
        this.startColumn = token.startColumn!;
        this.endLine = token.endLine!;
        this.endColumn = token.endColumn!;
    }

    override get range(): Range {
        return (this.lazyRange ??= CstUtils.tokenToRange({
            startLine: this.startLine,
            startColumn: this.startColumn,
            endLine: this.endLine,
            endColumn: this.endColumn
        } as IToken));
    }
}

/** Makes `parent` the container of `child`, as Langium's children array does on insertion. */
function adopt(parent: CompositeCstNode, child: CstNode): void {
    (child as { container?: CompositeCstNode }).container = parent;
}

/** Appends `child` to `parent`'s children. */
function append(parent: CompositeCstNode, child: CstNode): void {
    adopt(parent, child);
    parent.content.push(child);
}

export class MoeCstNodeBuilder extends CstNodeBuilder {
    /** Langium's `addHiddenNodes`, with the node looked for among its siblings from the end. */
    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) return;
        const nodes = tokens.map(token => {
            const leaf = new MoeLeafCstNode(token, true);
            leaf.root = this.root();
            return leaf;
        });
        let current: CompositeCstNode = this.current;
        // Within a node that has content, the comments follow it.
        if (current.content.length > 0) {
            for (const node of nodes) append(current, node);
            return;
        }
        // At a new node, they go before the first enclosing node that is not its parent's first child.
        while (current.container) {
            const siblings = current.container.content;
            const last = siblings.length - 1;
            const index = siblings[last] === current ? last : siblings.indexOf(current);
            if (index > 0) {
                for (const node of nodes) adopt(current.container, node);
                siblings.splice(index, 0, ...nodes);
                return;
            }
            current = current.container;
        }
        // At the very start of the file.
        this.root().content.unshift(...nodes);
    }

    override buildLeafNode(token: IToken, feature?: GrammarAST.AbstractElement): MoeLeafCstNode {
        const leaf = new MoeLeafCstNode(token, !feature);
        leaf.grammarSource = feature;
        leaf.root = this.root();
        append(this.current, leaf);
        return leaf;
    }

    override buildCompositeNode(feature: GrammarAST.AbstractElement): CompositeCstNode {
        // Langium's class, without running its constructor (which builds the children subclass).
        const node = Object.create(CompositeCstNodeImpl.prototype) as CompositeCstNodeImpl;
        (node as { content: CstNode[] }).content = [];
        node.grammarSource = feature;
        node.root = this.root();
        append(this.current, node);
        (this as unknown as { nodeStack: CompositeCstNode[] }).nodeStack.push(node);
        return node;
    }

    private root(): RootCstNode {
        return (this as unknown as { rootNode: RootCstNode }).rootNode;
    }
}
