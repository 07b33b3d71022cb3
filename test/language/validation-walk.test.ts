/**
 * The validator's own walk over the syntax tree: the same checks on the same nodes in the same
 * order as Langium's `streamAst` walk (so diagnostics keep their order), and a cancelled
 * validation of a large file stops instead of running to the end.
 */
import {
    Cancellation,
    DefaultDocumentValidator,
    EmptyFileSystem,
    isOperationCancelled,
    type AstNode,
    type ValidationAcceptor
} from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createMoeServices } from '../../packages/language/src/moe-module.js';

const services = createMoeServices(EmptyFileSystem).Moe;
const parse = parseHelper(services);

/** Many named priors (some with mistakes) and a model that uses a few: every kind of node. */
function largeFile(groups: number): string {
    const lines: string[] = [];
    for (let i = 0; i < groups; i++) {
        lines.push(`prior scale_${i} = half_cauchy(scale = ${i % 5 === 0 ? -1 : 1 + i / groups})`);
        lines.push(
            `prior hs_${i} = horseshoe(global = scale_${i}, local = half_cauchy(scale = 1), shrink_intercept = ${i % 2 === 0})`
        );
        lines.push(`prior coef_${i} = normal(mean = 0, varience = ${10 + (i % 7)})`);
    }
    lines.push(
        'model m {',
        '    data all = sparse_experts(experts = 10, active = 3, n = 500, inputs = 5, seed = 1)',
        '    split all into train = 0.8, test = 0.2',
        `    experts y ~ gaussian(count = 10, coefficients = coef_0)`,
        `    gate ~ stick_breaking(prior = hs_1)`,
        '    fit particle_learning(particles = 1000, resampling = sistematic) on train',
        '    predict test intervals = [0.5, 0.9]',
        '}',
        ''
    );
    return lines.join('\n');
}

type Walk = (
    this: DefaultDocumentValidator,
    root: AstNode,
    options: object,
    accept: ValidationAcceptor,
    token?: unknown
) => Promise<void>;

describe('validation walk', () => {
    it("runs the checks on the same nodes, in the same order, as Langium's walk", async () => {
        const document = await parse(largeFile(60));
        const validator = services.validation.DocumentValidator as unknown as { validateAstNodes: Walk };
        const record = async (walk: Walk) => {
            const seen: string[] = [];
            const accept: ValidationAcceptor = (severity, message, info) => {
                seen.push(`${severity} ${info.node.$type} ${message}`);
            };
            await walk.call(validator as unknown as DefaultDocumentValidator, document.parseResult.value, {}, accept);
            return seen;
        };
        const ours = await record(validator.validateAstNodes);
        const langiums = await record(
            (DefaultDocumentValidator.prototype as unknown as { validateAstNodes: Walk }).validateAstNodes
        );
        expect(ours.length).toBeGreaterThan(60);
        expect(ours).toEqual(langiums);
    });

    it('stops a validation whose build was superseded, part way through the file', async () => {
        const document = await parse(largeFile(1200));
        const validator = services.validation.DocumentValidator as unknown as { validateAstNodes: Walk };
        const walk = (token?: unknown) => {
            let accepted = 0;
            const run = validator.validateAstNodes.call(
                validator as unknown as DefaultDocumentValidator,
                document.parseResult.value,
                {},
                () => {
                    accepted++;
                },
                token
            );
            return { run, accepted: () => accepted };
        };
        const full = walk();
        await full.run;
        const source = new Cancellation.CancellationTokenSource();
        const cancelled = walk(source.token);
        // Cancelled once the walk has yielded to the event loop (it does so after every 10 ms of work).
        setImmediate(() => source.cancel());
        const outcome = await cancelled.run.then(
            () => 'finished',
            (error: unknown) => (isOperationCancelled(error) ? 'cancelled' : String(error))
        );
        expect(outcome).toBe('cancelled');
        expect(cancelled.accepted()).toBeLessThan(full.accepted());
    });
});
