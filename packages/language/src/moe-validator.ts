/**
 * Validation checks of the .moe language, registered in one map.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { MoeAstType, MoeFile } from './generated/ast.js';
import type { MoeServices } from './moe-module.js';

export function registerValidationChecks(services: MoeServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MoeValidator;
    const checks: ValidationChecks<MoeAstType> = {
        MoeFile: validator.checkFile
    };
    registry.register(checks, validator);
}

export class MoeValidator {
    constructor(_services: MoeServices) {}

    checkFile(_file: MoeFile, _accept: ValidationAcceptor): void {
        // Filled in with the rules of the language.
    }
}
