/**
 * The trees the parser builds are whole and linked both ways, whatever shortcuts the CST builder
 * takes: every child's `container` is the node that holds it, every leaf (comments included)
 * covers its own text in order, and every AST node's `$container` holds it at `$containerProperty`
 * (and `$containerIndex`). And the AST is the one Langium's own parser builds, property order
 * included (diagnostics come out in that order).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
    AstUtils,
    CstUtils,
    createLangiumParser,
    isReference,
    EmptyFileSystem,
    isCompositeCstNode,
    type AstNode,
    type CstNode,
    type LeafCstNode
} from 'langium';
import { createMoeServices } from '../../packages/language/src/moe-module.js';
import { generateModel } from '../../scripts/bench/lib/generated-model.js';
import { EXAMPLES } from './helpers.js';

const { Moe } = createMoeServices(EmptyFileSystem);
const langiumParser = createLangiumParser(Moe);

/** The AST as plain data: own properties in order, references by their text, no `$` links. */
function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (isReference(value)) return { $refText: value.$refText };
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).filter(([key]) => key === '$type' || !key.startsWith('$'));
    return entries.map(([key, item]) => [key, plain(item)]);
}

/** Problems with the CST below `root`: children whose container is not their parent, leaves out of order. */
function cstProblems(root: CstNode, text: string): string[] {
    const problems: string[] = [];
    let end = 0;
    for (const node of CstUtils.streamCst(root)) {
        if (isCompositeCstNode(node)) {
            for (const child of node.content) {
                if (child.container !== node)
                    problems.push(`"${child.text}" at ${child.offset}: container is not its parent`);
            }
            continue;
        }
        const leaf = node as LeafCstNode;
        if (leaf.offset < end) problems.push(`leaf "${leaf.text}" at ${leaf.offset} overlaps the one before`);
        if (text.slice(end, leaf.offset).trim() !== '')
            problems.push(`text before offset ${leaf.offset} is in no leaf`);
        end = leaf.end;
    }
    if (text.slice(end).trim() !== '') problems.push(`text after offset ${end} is in no leaf`);
    return problems;
}

/** Problems with the AST's container links. */
function astProblems(root: AstNode): string[] {
    const problems: string[] = [];
    for (const node of AstUtils.streamAst(root)) {
        if (node === root) continue;
        const parent = node.$container as Record<string, unknown> | undefined;
        const held = parent?.[node.$containerProperty ?? ''];
        const found = Array.isArray(held) ? held[node.$containerIndex ?? -1] : held;
        if (found !== node) problems.push(`${node.$type} at ${node.$cstNode?.offset}: not held where $container says`);
    }
    return problems;
}

const sources: Array<[string, string]> = [
    ...readdirSync(EXAMPLES)
        .filter(name => name.endsWith('.moe'))
        .map(name => [name, readFileSync(join(EXAMPLES, name), 'utf8')] as [string, string]),
    ['generated 5,000-line model', generateModel()],
    [
        'comments everywhere',
        '// first\n/* block */ prior a = normal(/* in */ mean = 0, // after\n variance = 1) // end\n// last\n'
    ],
    ['broken model', 'model m {\n  experts y ~ gaussian(count = \n  gate ~ \n}\n// trailing\n']
];

describe('parse trees', () => {
    it.each(sources)('%s: CST containers, leaf coverage and AST containers', (_name, text) => {
        const result = Moe.parser.LangiumParser.parse(text);
        const root = result.value.$cstNode!;
        expect(cstProblems(root, text)).toEqual([]);
        expect(astProblems(result.value)).toEqual([]);
    });

    it.each(sources)("%s: the AST is the one Langium's own parser builds", (_name, text) => {
        expect(plain(Moe.parser.LangiumParser.parse(text).value)).toEqual(plain(langiumParser.parse(text).value));
    });

    it('keeps every comment as a hidden leaf', () => {
        const text = generateModel();
        const root = Moe.parser.LangiumParser.parse(text).value.$cstNode!;
        const comments = [...CstUtils.streamCst(root)].filter(node => node.hidden && node.text.startsWith('//'));
        expect(comments.length).toBe(text.split('\n').filter(line => line.trimStart().startsWith('//')).length);
    });
});
