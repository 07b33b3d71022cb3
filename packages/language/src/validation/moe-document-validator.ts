/**
 * Document validation with the .moe language's own reporting of unresolved names.
 * Langium reports every unresolved cross-reference generically; in .moe a bare name can also be a
 * symbol (`systematic`) or a CSV column (`accel`) depending on the parameter it is given to, so
 * the language's validator reports unknown names itself, knowing what was expected, with a
 * "Did you mean ...?" suggestion and a code for the quick fix.
 */
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';

export class MoeDocumentValidator extends DefaultDocumentValidator {
    protected override processLinkingErrors(_document: LangiumDocument, _diagnostics: Diagnostic[], _options: ValidationOptions): void {
        // Reported by MoeValidator.checkNames with context (see above).
    }
}
