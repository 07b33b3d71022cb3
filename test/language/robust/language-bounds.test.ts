/**
 * The language layer under hostile input: nesting beyond the bound is one error at the bracket and
 * never a stack overflow; a parser that threw is replaced; validation work is linear in the number
 * of arguments (counted in calls to the range lookup, not timed); a file reports at most
 * MAX_DIAGNOSTICS diagnostics, and a check that throws is an error on the file.
 */
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, test, vi } from 'vitest';
import { createMoeServices } from '../../../packages/language/src/moe-module.js';
import { MAX_NESTING } from '../../../packages/language/src/parser/nesting-bound.js';
import { MAX_DIAGNOSTICS } from '../../../packages/language/src/validation/moe-document-validator.js';
import { checkArgumentValue, checkCall } from '../../../packages/language/src/validation/call-checks.js';
import { isCall, type Argument, type Call, type PriorDecl } from '../../../packages/language/src/generated/ast.js';

const { shared, Moe } = createMoeServices(NodeFileSystem);
let counter = 0;

async function build(text: string): Promise<LangiumDocument> {
    const uri = URI.file(`/virtual/robust-${counter++}.moe`);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

const errorsOf = (document: LangiumDocument) => (document.diagnostics ?? []).filter(d => d.severity === 1);

/** A prior whose value is `depth` nested calls of `f`. */
function nestedCalls(depth: number): string {
    return `prior p = ${'f(a = '.repeat(depth)}1${')'.repeat(depth)}\n`;
}

function nestedLists(depth: number): string {
    return `prior p = ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
}

const GOOD_MODEL = `model m {
    data train = sparse_experts(experts = 3, active = 2, n = 50, inputs = 2, seed = 1)
    experts y ~ gaussian(count = 3, coefficients = normal(mean = 0, variance = 10), variance = inverse_gamma(shape = 2, rate = 1))
    gate ~ stick_breaking(prior = horseshoe(global = half_cauchy(scale = 1), local = half_cauchy(scale = 1)))
    fit particle_learning(particles = 20, seed = 1) on train
}
`;

describe('bracket nesting', () => {
    test.each([
        ['calls', nestedCalls],
        ['lists', nestedLists]
    ])('nested %s 50,000 deep give one error at the first bracket too deep', async (_kind, nested) => {
        const text = nested(50_000);
        const document = await build(text);
        const nesting = (document.diagnostics ?? []).filter(d =>
            d.message.includes(`nested deeper than ${MAX_NESTING}`)
        );
        expect(nesting).toHaveLength(1);
        expect(nesting[0].severity).toBe(1);
        // The bracket that opens level MAX_NESTING + 1: after 'prior p = ' and MAX_NESTING openers.
        const opener = _kind === 'calls' ? 'f(a = ' : '[';
        const offset = 'prior p = '.length + MAX_NESTING * opener.length + opener.length - (_kind === 'calls' ? 5 : 1);
        expect(nesting[0].range.start).toEqual(document.textDocument.positionAt(offset));
        expect(text[offset]).toBe(_kind === 'calls' ? '(' : '[');
    });

    test('nesting exactly at the bound is not an error of nesting', async () => {
        const document = await build(nestedLists(MAX_NESTING - 1));
        expect((document.diagnostics ?? []).filter(d => d.message.includes('nested deeper'))).toEqual([]);
    });

    test('nesting one past the bound is', async () => {
        const document = await build(nestedLists(MAX_NESTING + 1));
        expect((document.diagnostics ?? []).filter(d => d.message.includes('nested deeper'))).toHaveLength(1);
    });

    test('a file after a deeply nested one parses as it does in a fresh workspace', async () => {
        await build(nestedCalls(20_000));
        const document = await build(GOOD_MODEL);
        expect(errorsOf(document)).toEqual([]);
        const broken = await build(GOOD_MODEL.replace('gate ~', 'gate'));
        expect(errorsOf(broken).length).toBeGreaterThan(0);
    });
});

describe('a parser that threw', () => {
    test('is replaced, so the next file parses correctly', async () => {
        const parser = Moe.parser.LangiumParser as unknown as { parser: { parse: (text: string) => unknown } };
        const first = parser.parser;
        const original = first.parse.bind(first);
        // Throw from inside a parse, as a stack overflow would, leaving the rule stacks half full.
        let calls = 0;
        first.parse = (text: string) => {
            calls++;
            const wrapped = first as unknown as { wrapper: { wrapConsume: (...args: unknown[]) => unknown } };
            const consume = wrapped.wrapper.wrapConsume;
            let consumed = 0;
            wrapped.wrapper.wrapConsume = function (this: unknown, ...args: unknown[]) {
                if (++consumed === 40) throw new RangeError('Maximum call stack size exceeded');
                return consume.apply(this, args);
            };
            try {
                return original(text);
            } finally {
                wrapped.wrapper.wrapConsume = consume;
            }
        };
        await expect(build(GOOD_MODEL)).rejects.toThrow('Maximum call stack size exceeded');
        expect(calls).toBe(1);
        expect(parser.parser).not.toBe(first);
        const document = await build(GOOD_MODEL);
        expect(document.parseResult.parserErrors).toEqual([]);
        expect(errorsOf(document)).toEqual([]);
    });
});

describe('validation cost', () => {
    const positional = (n: number) =>
        `prior p = normal(${Array.from({ length: n }, (_, i) => String(i)).join(', ')})\n`;

    /**
     * Reads of a call's arguments while its checks run, counted through a proxy (work, not time),
     * and whether any diagnostic asked Langium to find the argument by index in the call's children
     * (a search per diagnostic, so quadratic over the call).
     */
    async function argumentReads(n: number): Promise<{ reads: number; byIndex: number }> {
        const document = await build(positional(n));
        const call = (document.parseResult.value as unknown as { priors: PriorDecl[] }).priors[0].distribution as Call;
        expect(isCall(call)).toBe(true);
        let reads = 0;
        const counted = new Proxy(call.arguments, {
            get(target, key, receiver) {
                if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
                return Reflect.get(target, key, receiver);
            }
        });
        const probe = { ...call, arguments: counted } as Call;
        let byIndex = 0;
        const accept = ((_severity: string, _message: string, info: { index?: number }) => {
            if (info.index !== undefined) byIndex++;
        }) as never;
        checkCall(probe, accept);
        for (const argument of call.arguments)
            checkArgumentValue({ ...argument, $container: probe } as Argument, accept);
        return { reads, byIndex };
    }

    test('checking a call reads its arguments a bounded number of times each', async () => {
        const small = await argumentReads(300);
        const large = await argumentReads(3000);
        // Linear work grows 10-fold; the quadratic lookup grew 100-fold.
        expect(large.reads / small.reads).toBeLessThan(15);
        expect(large.byIndex + small.byIndex).toBe(0);
    });

    test(`a file reports at most ${MAX_DIAGNOSTICS} diagnostics and counts the rest`, async () => {
        const document = await build(positional(3000));
        const diagnostics = document.diagnostics ?? [];
        expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 1);
        const last = diagnostics.find(d => d.message.includes('not shown'))!;
        expect(last.message).toMatch(
            new RegExp(
                `^\\d+ more problems in this file \\(\\d+ of them errors\\) not shown: at most ${MAX_DIAGNOSTICS} are reported per file\\.$`
            )
        );
        expect(last.severity).toBe(1);
    });
});

describe('validation that fails outside a check', () => {
    test('is an error on the file, not only a line in the log', async () => {
        // Services of their own, since the failure is planted in their validator.
        const own = createMoeServices(NodeFileSystem);
        const validator = own.Moe.validation.DocumentValidator as unknown as { validateAstNodes: () => Promise<void> };
        vi.spyOn(validator, 'validateAstNodes').mockRejectedValue(new RangeError('Maximum call stack size exceeded'));
        const document = own.shared.workspace.LangiumDocumentFactory.fromString(
            GOOD_MODEL,
            URI.file('/virtual/throws.moe')
        );
        own.shared.workspace.LangiumDocuments.addDocument(document);
        await own.shared.workspace.DocumentBuilder.build([document], { validation: true });
        expect(errorsOf(document).map(e => e.message)).toEqual([
            'Validation of this file stopped on an internal error (Maximum call stack size exceeded); its problems may be incomplete, so it is treated as having an error.'
        ]);
    });
});
