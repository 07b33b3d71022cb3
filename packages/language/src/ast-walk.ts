/**
 * Walks over the syntax tree on a plain stack. Langium's `streamAst` builds a stream and an
 * iterator object for every node, and its linker, scope computation and index wait on a
 * cancellation poll (a promise) at every node: on the 5,000-line benchmark file those walks cost
 * more than the work they feed. These visit nodes in the same order (pre-order, properties in
 * declaration order), so what the visits produce comes out in the same order.
 */
import { isAstNode, isMultiReference, isReference, type AstNode, type ReferenceInfo } from 'langium';

/** Nodes visited between two polls for cancellation by the walks that poll. */
export const POLL_EVERY = 64;

/** The contained nodes of `node` onto `stack`, last first, so they pop in document order. */
export function pushChildrenReversed(node: AstNode, stack: AstNode[]): void {
    const keys = Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k];
        if (key.charCodeAt(0) === 36 /* $ */) continue;
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) {
            for (let i = value.length - 1; i >= 0; i--) if (isAstNode(value[i])) stack.push(value[i] as AstNode);
        } else if (isAstNode(value)) {
            stack.push(value);
        }
    }
}

/** `root` (if `includeRoot`) and every node below it, in document order, as `streamAst` gives them. */
export function* walkAst(root: AstNode, includeRoot = true): Generator<AstNode> {
    const stack: AstNode[] = [];
    if (includeRoot) stack.push(root);
    else pushChildrenReversed(root, stack);
    while (stack.length > 0) {
        const node = stack.pop()!;
        yield node;
        pushChildrenReversed(node, stack);
    }
}

/** The cross-references held by `node` itself, as `AstUtils.streamReferences` gives them. */
export function forEachReference(node: AstNode, visit: (info: ReferenceInfo) => void): void {
    for (const property of Object.keys(node)) {
        if (property.charCodeAt(0) === 36 /* $ */) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property });
        } else if (Array.isArray(value)) {
            value.forEach((element, index) => {
                if (isReference(element) || isMultiReference(element))
                    visit({ reference: element, container: node, property, index });
            });
        }
    }
}
