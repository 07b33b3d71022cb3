/**
 * Language-server speed on a generated 5,000-line .moe file: 1,240 commented groups of named
 * priors (a half-Cauchy scale, a horseshoe that refers to it, a normal) and one model that uses
 * the last group. Reports the median time to parse, link and validate the file (as the server
 * does on every change) and the median latency of completion and hover at points in the model,
 * and of formatting the whole file. Aims: validation under 200 ms, completion under 50 ms.
 *
 *   npx esbuild scripts/bench/language.ts --bundle --platform=node --format=cjs --outfile=/tmp/lang-bench.cjs && node /tmp/lang-bench.cjs
 */
import {
    DefaultDocumentValidator,
    DocumentState,
    URI,
    type AstNode,
    type LangiumDocument,
    type ValidationAcceptor
} from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createMoeServices } from '../../packages/language/src/moe-module.js';
import { GROUPS, generateModel } from './lib/generated-model.js';

const VALIDATION_RUNS = 9;
const REQUEST_RUNS = 15;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;
/** Milliseconds with two decimals below 10 ms, where one decimal would round fast requests to 0.0. */
const msText = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
const fmt = (values: number[]): string =>
    `median ${msText(median(values))} ms (min ${msText(Math.min(...values))}, max ${msText(Math.max(...values))}, ${values.length} runs)`;

const text = generateModel();
const { shared, Moe } = createMoeServices(NodeFileSystem);
const documents = shared.workspace.LangiumDocuments;

/** CPU milliseconds of this process since `since` (steadier than wall time on a busy machine). */
const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
};

/** Where the time of one validation goes: phase name -> [wall ms, CPU ms] since the previous phase. */
type Phases = Map<string, [number, number]>;
const PHASES: Array<[DocumentState, string]> = [
    [DocumentState.IndexedContent, 'index'],
    [DocumentState.ComputedScopes, 'scopes'],
    [DocumentState.Linked, 'link'],
    [DocumentState.IndexedReferences, 'index references'],
    [DocumentState.Validated, 'validate']
];
let phaseClock: { wall: bigint; cpu: NodeJS.CpuUsage; phases: Phases } | undefined;
function phaseReached(name: string): void {
    if (phaseClock) {
        phaseClock.phases.set(name, [ms(phaseClock.wall), cpuMs(phaseClock.cpu)]);
        phaseClock.wall = process.hrtime.bigint();
        phaseClock.cpu = process.cpuUsage();
    }
}
for (const [state, name] of PHASES) {
    shared.workspace.DocumentBuilder.onBuildPhase(state, () => phaseReached(name));
}

/** Parse, link and validate a fresh document holding `text`, as the server does after an edit. */
async function validateOnce(
    run: number
): Promise<{ time: number; cpu: number; phases: Phases; document: LangiumDocument }> {
    const uri = URI.parse(`file:///bench/generated-${run}.moe`);
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    phaseClock = { wall: started, cpu, phases: new Map() };
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    phaseReached('parse');
    documents.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const phases = phaseClock.phases;
    phaseClock = undefined;
    return { time: ms(started), cpu: cpuMs(cpu), phases, document };
}

function discard(document: LangiumDocument): void {
    documents.deleteDocument(document.uri);
    shared.workspace.IndexManager.remove(document.uri);
}

/** Top level in a function: the script must also run as CommonJS (no top-level await). */
async function main(): Promise<void> {
    console.log(
        `file: ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KiB, ${GROUPS * 3} priors and one model`
    );

    // Warm-up (JIT, lazily built parser tables), then timed runs, each on a fresh document.
    for (let i = 0; i < 2; i++) {
        discard((await validateOnce(-1 - i)).document);
    }
    const validationTimes: number[] = [];
    const validationCpu: number[] = [];
    const phaseTimes = new Map<string, Array<[number, number]>>();
    let kept: LangiumDocument | undefined;
    for (let i = 0; i < VALIDATION_RUNS; i++) {
        const { time, cpu, phases, document } = await validateOnce(i);
        validationTimes.push(time);
        validationCpu.push(cpu);
        for (const [name, value] of phases) {
            phaseTimes.set(name, [...(phaseTimes.get(name) ?? []), value]);
        }
        if (kept) {
            discard(kept);
        }
        kept = document;
    }
    const document = kept!;
    const diagnostics = document.diagnostics ?? [];
    console.log(
        `parse + link + validate: ${fmt(validationTimes)}, CPU median ${median(validationCpu).toFixed(1)} ms; ` +
            `${diagnostics.filter(d => d.severity === 1).length} errors, ${diagnostics.filter(d => d.severity === 2).length} warnings (target < 200 ms)`
    );
    console.log(
        `  by phase (median wall / CPU ms): ${[...phaseTimes]
            .map(
                ([name, values]) =>
                    `${name} ${median(values.map(v => v[0])).toFixed(1)} / ${median(values.map(v => v[1])).toFixed(1)}`
            )
            .join(', ')}`
    );

    // The validator's walk over the tree against Langium's streamAst walk, same checks, same file, same run.
    type Walk = (root: AstNode, options: object, accept: ValidationAcceptor) => Promise<void>;
    const validator = Moe.validation.DocumentValidator as unknown as { validateAstNodes: Walk };
    const walks: Array<[string, Walk]> = [
        [
            'Langium streamAst walk',
            (DefaultDocumentValidator.prototype as unknown as { validateAstNodes: Walk }).validateAstNodes
        ],
        ['MoeDocumentValidator walk', validator.validateAstNodes]
    ];
    for (const [label, walk] of walks) {
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < VALIDATION_RUNS + 2; i++) {
            const started = process.hrtime.bigint();
            const since = process.cpuUsage();
            await walk.call(validator, document.parseResult.value, {}, () => undefined);
            if (i >= 2) {
                times.push(ms(started));
                cpu.push(cpuMs(since));
            }
        }
        console.log(`node checks, ${label}: ${fmt(times)}, CPU median ${median(cpu).toFixed(1)} ms`);
    }

    const textDocument = { uri: document.uri.toString() };
    const positionAfter = (marker: string, within = marker.length) =>
        document.textDocument.positionAt(text.lastIndexOf(marker) + within);

    async function timeRequest(label: string, request: () => Promise<unknown>, target?: string): Promise<void> {
        for (let i = 0; i < 3; i++) {
            await request();
        }
        const times: number[] = [];
        let result: unknown;
        for (let i = 0; i < REQUEST_RUNS; i++) {
            const started = process.hrtime.bigint();
            result = await request();
            times.push(ms(started));
        }
        const size = Array.isArray((result as { items?: unknown[] })?.items)
            ? `, ${(result as { items: unknown[] }).items.length} items`
            : '';
        console.log(`${label}: ${fmt(times)}${size}${target ? ` (target ${target})` : ''}`);
    }

    const completion = Moe.lsp.CompletionProvider!;
    await timeRequest(
        'completion, parameters of the call being written (`particle_learning(|`)',
        () =>
            Promise.resolve(
                completion.getCompletion(document, { textDocument, position: positionAfter('particle_learning(') })
            ),
        '< 50 ms'
    );
    await timeRequest(
        'completion, priors in scope (`coefficients = |`)',
        () =>
            Promise.resolve(
                completion.getCompletion(document, { textDocument, position: positionAfter('coefficients = ') })
            ),
        '< 50 ms'
    );
    await timeRequest(
        'completion, statement keywords at the start of a line in the model',
        () =>
            Promise.resolve(
                completion.getCompletion(document, { textDocument, position: positionAfter('    predict', 4) })
            ),
        '< 50 ms'
    );
    await timeRequest('hover on a prior reference in the model', () =>
        Promise.resolve(
            Moe.lsp.HoverProvider!.getHoverContent(document, {
                textDocument,
                position: positionAfter(`coefficients = coef_`, 'coefficients = c'.length)
            })
        )
    );
    await timeRequest('formatting the whole file', () =>
        Promise.resolve(
            Moe.lsp.Formatter!.formatDocument(document, { textDocument, options: { insertSpaces: true, tabSize: 4 } })
        )
    );
}

void main().catch(error => {
    console.error(error);
    process.exitCode = 1;
});
