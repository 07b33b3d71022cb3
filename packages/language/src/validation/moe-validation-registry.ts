/**
 * Langium's validation registry with checks that stay synchronous when they are: Langium wraps
 * every check in an async function to turn its exceptions into diagnostics, so each check on each
 * node made a promise and a microtask; the validator (moe-document-validator.ts) awaits only the
 * checks that do return a promise. Exceptions still become diagnostics, through Langium's own
 * `handleException`.
 *
 * The checks of a node type are also kept as an array per type and set of categories: Langium's
 * `getChecks` builds a chain of three lazy streams for every node it is asked about.
 */
import { ValidationRegistry, type ValidationAcceptor, type ValidationCategory, type ValidationCheck } from 'langium';

/** Langium's registry entry (not exported by the package). */
interface CheckEntry {
    check: ValidationCheck;
    category: ValidationCategory;
}

export class MoeValidationRegistry extends ValidationRegistry {
    /** `getChecks(type, categories)` as arrays, by categories (joined) and then type. */
    private readonly checksCache = new Map<string, Map<string, readonly ValidationCheck[]>>();

    /** The checks `getChecks` yields, as an array computed once per type and categories. */
    checksFor(type: string, categories?: ValidationCategory[]): readonly ValidationCheck[] {
        const key = categories ? categories.join(',') : '*';
        let byType = this.checksCache.get(key);
        if (!byType) this.checksCache.set(key, (byType = new Map()));
        let checks = byType.get(type);
        if (!checks) byType.set(type, (checks = this.getChecks(type, categories).toArray()));
        return checks;
    }

    protected override addEntry(type: string, entry: CheckEntry): void {
        this.checksCache.clear();
        super.addEntry(type, entry);
    }

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
