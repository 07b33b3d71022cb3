/**
 * Sets `$container`, `$containerProperty` and `$containerIndex` on every node below `root`, as
 * Langium's `linkContentToContainer(root, { deep: true })` does at the end of each parse, but on a
 * stack instead of recursing over `Object.entries` (an array of pairs for every node). `for...in`
 * reads a node's keys from V8's enumeration cache, where `Object.keys` allocates an array per node.
 */
import { isAstNode, type AstNode } from 'langium';

type Linkable = AstNode & { $container?: AstNode; $containerProperty?: string; $containerIndex?: number };

export function linkContainers(root: AstNode): void {
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        for (const property in node) {
            if (property.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[property];
            if (Array.isArray(value)) {
                for (let index = 0; index < value.length; index++) {
                    const item = value[index] as Linkable;
                    if (!isAstNode(item)) continue;
                    item.$container = node;
                    item.$containerProperty = property;
                    item.$containerIndex = index;
                    stack.push(item);
                }
            } else if (isAstNode(value)) {
                const item = value as Linkable;
                item.$container = node;
                item.$containerProperty = property;
                stack.push(item);
            }
        }
    }
}
