/**
 * Keystroke latency of the bundled language server over stdio (`moe lsp --stdio`, built by
 * `npm run build`): the time from a `didChange` to the diagnostics of that text. Each edit types
 * a word of its own on the last line of the file (`probe_7`), which the server reports as
 * unexpected there, so the diagnostics of each version are told apart (the server publishes only
 * diagnostics that changed). Measured on a normal model with an import (examples/hs-moe-synthetic.moe) and on
 * the generated 5,000-line file of language.ts: single edits, each waited for, and a burst of 20
 * edits sent at once, timed to the diagnostics of the last. Aim: 100 ms for a normal model.
 *
 *   node scripts/bench.mjs lsp-latency            (another build: MOE_BIN=/path/to/bin/moe.cjs)
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startClient, type TestClient } from '../../test/language/lsp/stdio-client.js';
import { generateModel } from './lib/generated-model.js';

const SINGLE_EDITS = 15;
const BURST = 20;
const bin = resolve(process.env.MOE_BIN ?? 'packages/cli/bin/moe.cjs');

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const fmt = (values: number[]): string =>
    `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, ${values.length} edits)`;

/**
 * An editor's session on one file: the file with a last line of its own, which each edit replaces
 * by an incremental change (a range and its new text), as editors send keystrokes.
 */
function session(client: TestClient, uri: string, text: string) {
    let version = 1;
    const line = text.split('\n').length;
    let current = 'probe_start';
    client.open(uri, `${text}\n${current}\n`);
    const change = (word: string): void => {
        version++;
        void client.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: [
                {
                    range: { start: { line, character: 0 }, end: { line, character: current.length } },
                    text: word
                }
            ]
        });
        current = word;
    };
    const diagnosticsOf = (word: string) =>
        client.nextDiagnostics(uri, diagnostics => diagnostics.some(d => d.message.includes(`'${word}'`)), 60_000);
    return { change, diagnosticsOf };
}

async function measure(client: TestClient, label: string, uri: string, text: string): Promise<void> {
    const { change, diagnosticsOf } = session(client, uri, text);
    await client.nextDiagnostics(uri, () => true, 60_000);
    const single: number[] = [];
    for (let i = 0; i < SINGLE_EDITS + 2; i++) {
        const word = `probe_${i}`;
        const seen = diagnosticsOf(word);
        const started = performance.now();
        change(word);
        await seen;
        if (i >= 2) single.push(performance.now() - started);
    }
    console.log(`${label}, one edit to its diagnostics: ${fmt(single)}`);

    const bursts: number[] = [];
    for (let round = 0; round < 3; round++) {
        const last = `burst_${round}_${BURST - 1}`;
        const seen = diagnosticsOf(last);
        const before = client.published.length;
        for (let i = 0; i < BURST; i++) change(`burst_${round}_${i}`);
        const started = performance.now();
        await seen;
        bursts.push(performance.now() - started);
        const published = client.published.slice(before).filter(p => p.uri === uri).length;
        if (round === 0) console.log(`  (${BURST} edits sent at once: ${published} diagnostics published)`);
    }
    console.log(`${label}, ${BURST} edits at once to the last one's diagnostics: ${fmt(bursts)}`);
}

async function main(): Promise<void> {
    const folder = mkdtempSync(join(tmpdir(), 'moe-lsp-latency-'));
    copyFileSync('examples/hs-moe-synthetic.moe', join(folder, 'hs-moe-synthetic.moe'));
    copyFileSync('examples/priors.moe', join(folder, 'priors.moe'));
    const generated = generateModel();
    writeFileSync(join(folder, 'generated.moe'), generated);
    const rootUri = pathToFileURL(folder).toString();
    console.log(`server: node ${bin} lsp --stdio`);
    const client = await startClient([bin, 'lsp', '--stdio'], process.cwd(), {
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } }
    });
    try {
        const normal = join(folder, 'hs-moe-synthetic.moe');
        await measure(
            client,
            'normal model (hs-moe-synthetic.moe, imports priors.moe)',
            pathToFileURL(normal).toString(),
            readFileSync(normal, 'utf8')
        );
        await measure(client, '5,000-line model', pathToFileURL(join(folder, 'generated.moe')).toString(), generated);
    } finally {
        await client.stop();
        rmSync(folder, { recursive: true, force: true });
    }
}

void main().catch(error => {
    console.error(error);
    process.exitCode = 1;
});
