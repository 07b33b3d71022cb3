/**
 * Checking and compiling .moe files outside an editor (the `moe` command, tests): the files and
 * everything they import are loaded into a fresh Langium workspace and built to `Validated`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createMoeServices, type MoeServices } from '../moe-module.js';
import type { MoeProblem } from '../messages.js';
import { compileDocument, type CompileOutput } from '../compiler/compile-document.js';
import { documentProblems } from '../compiler/problems.js';
import { setDataOutsideAllowed } from '../data/data-access.js';

interface LoadedWorkspace {
    Moe: MoeServices;
    roots: LangiumDocument[];
}

async function loadAndValidate(paths: string[]): Promise<LoadedWorkspace> {
    const { shared, Moe } = createMoeServices(NodeFileSystem);
    const documents = shared.workspace.LangiumDocuments;
    const roots: LangiumDocument[] = [];
    const all = new Map<string, LangiumDocument>();
    const queue: URI[] = [];
    for (const path of paths) {
        const uri = URI.file(resolve(path));
        const document = await documents.getOrCreateDocument(uri);
        roots.push(document);
        queue.push(uri);
    }
    // Follow imports transitively: each file sees its direct imports, but those need their own.
    while (queue.length > 0) {
        const uri = queue.shift()!;
        if (all.has(uri.toString())) continue;
        const document = await documents.getOrCreateDocument(uri);
        all.set(uri.toString(), document);
        for (const imported of Moe.references.Imports.importedUris(document)) {
            if (!all.has(imported.toString()) && existsSync(imported.fsPath)) queue.push(imported);
        }
    }
    await shared.workspace.DocumentBuilder.build([...all.values()], { validation: true });
    return { Moe, roots };
}

/** Problems of the given files (and the errors of files they import), in file and line order. */
export async function checkModelFiles(paths: string[]): Promise<MoeProblem[]> {
    const { Moe, roots } = await loadAndValidate(paths);
    const problems: MoeProblem[] = [];
    const seen = new Set<string>();
    const add = (list: MoeProblem[]) => {
        for (const p of list) {
            const key = `${p.file}:${p.line}:${p.column}:${p.severity}:${p.message}`;
            if (!seen.has(key)) {
                seen.add(key);
                problems.push(p);
            }
        }
    };
    for (const document of roots) add(documentProblems(document));
    for (const document of roots) {
        for (const uri of Moe.references.Imports.importedUris(document)) {
            const imported = Moe.shared.workspace.LangiumDocuments.getDocument(uri);
            if (imported && !roots.includes(imported))
                add(documentProblems(imported).filter(p => p.severity === 'error'));
        }
    }
    return problems;
}

/** The plan of a model file, present only when the file and its imports have no errors. */
export async function compileModelFile(
    path: string,
    options: { allowDataOutside?: boolean } = {}
): Promise<CompileOutput> {
    setDataOutsideAllowed(options.allowDataOutside === true);
    const { Moe, roots } = await loadAndValidate([path]);
    return compileDocument(Moe, roots[0]);
}
