/**
 * Document validation with the .moe language's own reporting of unresolved names.
 * Langium reports every unresolved cross-reference generically; in .moe a bare name can also be a
 * symbol (`systematic`) or a CSV column (`accel`) depending on the parameter it is given to, so
 * the language's validator reports unknown names itself, knowing what was expected, with a
 * "Did you mean ...?" suggestion and a code for the quick fix.
 *
 * Two guarantees Langium's validator does not give: a file gets at most `MAX_DIAGNOSTICS`
 * diagnostics (a generated file with thousands of mistakes would otherwise cost time and memory
 * for each, and Langium spreads them into one call's arguments, which overflows), and a check that
 * throws becomes an error on the file instead of a line in the log, so `moe check` fails.
 *
 * The walk over the syntax tree is a plain stack instead of Langium's `streamAst`, which builds
 * iterator objects for every node: on the 5,000-line benchmark file that walk cost more than the
 * checks it feeds. Nodes are visited in the same order (pre-order, properties in declaration
 * order), so diagnostics come out in the same order; cancellation is polled every
 * POLL_EVERY nodes, so an edit still stops a superseded validation within a few milliseconds.
 */
import {
    Cancellation,
    DefaultDocumentValidator,
    interruptAndCheck,
    isOperationCancelled,
    type AstNode,
    type DiagnosticInfo,
    type LangiumDocument,
    type ValidationAcceptor,
    type ValidationCheck,
    type ValidationOptions
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';
import { POLL_EVERY, pushChildrenReversed } from '../ast-walk.js';
import { MoeValidationRegistry } from './moe-validation-registry.js';

/** The most diagnostics one file reports; the rest are counted in a last one. */
export const MAX_DIAGNOSTICS = 500;

const ERROR = 1;

export class MoeDocumentValidator extends DefaultDocumentValidator {
    /** The checks of a node type, as a cached array where the registry keeps one. */
    private checksFor(type: string, options: ValidationOptions): Iterable<ValidationCheck> {
        const registry = this.validationRegistry;
        return registry instanceof MoeValidationRegistry
            ? registry.checksFor(type, options.categories)
            : registry.getChecks(type, options.categories);
    }

    protected override processLinkingErrors(
        _document: LangiumDocument,
        _diagnostics: Diagnostic[],
        _options: ValidationOptions
    ): void {
        // Reported by MoeValidator.checkNames with context (see above).
    }

    override async validateAst(
        rootNode: AstNode,
        options: ValidationOptions,
        cancelToken?: CancellationToken
    ): Promise<Diagnostic[]> {
        const items: Diagnostic[] = [];
        let dropped = 0;
        let droppedErrors = 0;
        // The range of a diagnostic is only worked out for those that are kept.
        const acceptor: ValidationAcceptor = <N extends AstNode>(
            severity: 'error' | 'warning' | 'info' | 'hint',
            message: string,
            info: DiagnosticInfo<N>
        ) => {
            if (items.length < MAX_DIAGNOSTICS) {
                items.push(this.toDiagnostic(severity, message, info));
            } else {
                dropped++;
                if (severity === 'error') droppedErrors++;
            }
        };
        try {
            await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
            await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
            await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            items.push(
                fileDiagnostic(
                    ERROR,
                    `Validation of this file stopped on an internal error (${error instanceof Error ? error.message : String(error)}); ` +
                        'its problems may be incomplete, so it is treated as having an error.'
                )
            );
        }
        if (dropped > 0) {
            items.push(
                fileDiagnostic(
                    droppedErrors > 0 ? ERROR : 2,
                    `${dropped} more problem${dropped === 1 ? '' : 's'} in this file` +
                        `${droppedErrors > 0 ? ` (${droppedErrors} of them errors)` : ''} not shown: at most ${MAX_DIAGNOSTICS} are reported per file.`
                )
            );
        }
        return items;
    }

    protected override async validateAstNodes(
        rootNode: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken: CancellationToken = Cancellation.CancellationToken.None
    ): Promise<void> {
        if (this.profiler?.isActive('validating'))
            return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        const stack: AstNode[] = [rootNode];
        let visited = 0;
        while (stack.length > 0) {
            const node = stack.pop()!;
            if (visited++ % POLL_EVERY === 0) await interruptAndCheck(cancelToken);
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                for (const check of this.checksFor(node.$type, options)) {
                    // Synchronous checks return nothing (moe-validation-registry.ts): no await for them.
                    const pending = check(node, acceptor, cancelToken);
                    if (pending) await pending;
                }
            }
            if (nodeOptions.validateChildren) pushChildrenReversed(node, stack);
        }
    }
}

/** A diagnostic about the whole file, placed at its start. */
function fileDiagnostic(severity: 1 | 2, message: string): Diagnostic {
    return {
        severity,
        message,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        source: 'moe'
    };
}
