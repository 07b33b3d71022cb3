/**
 * Compile a validated document: its problems, and its plan when neither it nor anything it
 * imports has errors.
 */
import type { LangiumDocument } from 'langium';
import type { ExecutionPlan } from '@moe-studio/engine/plan';
import { isMoeFile } from '../generated/ast.js';
import type { MoeProblem } from '../messages.js';
import type { MoeServices } from '../moe-module.js';
import { countCsvRows } from '../data/csv-rows.js';
import { compileModel } from './compile-model.js';
import { documentProblems } from './problems.js';

export interface CompileOutput {
    plan?: ExecutionPlan;
    problems: MoeProblem[];
}

export function compileDocument(services: MoeServices, document: LangiumDocument): CompileOutput {
    const problems = documentProblems(document);
    for (const uri of services.references.Imports.importedUris(document)) {
        const imported = services.shared.workspace.LangiumDocuments.getDocument(uri);
        if (imported) problems.push(...documentProblems(imported).filter(p => p.severity === 'error'));
    }
    if (problems.some(p => p.severity === 'error')) return { problems };
    const root = document.parseResult.value;
    if (!isMoeFile(root) || root.models.length === 0) {
        return {
            problems: [
                ...problems,
                fileProblem(document, 'This file declares no model to compile (it holds only imports and priors).')
            ]
        };
    }
    try {
        const plan = compileModel(root.models[0], { source: document.uri.fsPath, csvRowCount: countCsvRows });
        return { plan, problems };
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { problems: [...problems, fileProblem(document, `The model could not be compiled: ${message}`)] };
    }
}

function fileProblem(document: LangiumDocument, message: string): MoeProblem {
    return { file: document.uri.fsPath, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message };
}
