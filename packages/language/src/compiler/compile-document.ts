/**
 * Compile a validated document: its problems, and its plan when it has no errors.
 */
import type { LangiumDocument } from 'langium';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import { isMoeFile } from '../generated/ast.js';
import type { MoeProblem } from '../messages.js';
import type { MoeServices } from '../moe-module.js';
import { compileModel } from './compile-model.js';
import { documentProblems } from './problems.js';

export function compileDocument(_services: MoeServices, document: LangiumDocument): { plan?: ExecutionPlan; problems: MoeProblem[] } {
    const problems = documentProblems(document);
    if (problems.some(p => p.severity === 'error')) return { problems };
    const root = document.parseResult.value;
    if (!isMoeFile(root) || root.models.length === 0) {
        return { problems: [...problems, noModelProblem(document)] };
    }
    const plan = compileModel(root.models[0], { source: document.uri.fsPath });
    return { plan, problems };
}

function noModelProblem(document: LangiumDocument): MoeProblem {
    return {
        file: document.uri.fsPath, line: 1, column: 1, endLine: 1, endColumn: 1,
        severity: 'error', message: 'This file declares no model to compile (it holds only imports and priors).'
    };
}
