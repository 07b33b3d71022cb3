/**
 * Langium's validation registry with checks that stay synchronous when they are: Langium wraps
 * every check in an async function to turn its exceptions into diagnostics, so each check on each
 * node made a promise and a microtask; the validator (moe-document-validator.ts) awaits only the
 * checks that do return a promise. Exceptions still become diagnostics, through Langium's own
 * `handleException`.
 */
import { ValidationRegistry, type ValidationAcceptor, type ValidationCheck } from 'langium';

export class MoeValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept: ValidationAcceptor, cancelToken) => {
            let result: ReturnType<ValidationCheck>;
            try {
                result = check.call(thisObj, node, accept, cancelToken);
            } catch (error) {
                return this.reported(error, accept, node);
            }
            if (result instanceof Promise) {
                return result.catch(error => this.reported(error, accept, node));
            }
            return undefined;
        };
    }

    /** What Langium's wrapper makes of a check that failed with `error`. */
    private reported(error: unknown, accept: ValidationAcceptor, node: Parameters<ValidationCheck>[0]): Promise<void> {
        return this.handleException(
            () => {
                throw error;
            },
            'An error occurred during validation',
            accept,
            node
        );
    }
}
