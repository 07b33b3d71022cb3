/** Shared pieces of the CLI tests: temp files, captured output, a small CSV, plans on disk. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { Rng } from '../../packages/engine/src/random/rng.js';

export class TempDir {
    readonly path = mkdtempSync(join(tmpdir(), 'moe-cli-'));
    file(name: string, content: string | object): string {
        const path = join(this.path, name);
        writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
        return path;
    }
    remove(): void {
        rmSync(this.path, { recursive: true, force: true });
    }
}

export interface Captured {
    code: number;
    stdout: string;
    stderr: string;
}

/** The repository root and the built `moe` command (run `npm run build` first). */
export const repoRoot = resolve(__dirname, '../..');
export const moeBin = join(repoRoot, 'packages/cli/bin/moe.cjs');

/** Run the built `moe` in a child process from the repository root. */
export function runMoe(args: string[], timeoutMs = 60_000): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync(process.execPath, [moeBin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Run a command function in-process with stdout and stderr captured. */
export async function capture(run: () => Promise<number>): Promise<Captured> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
    });
    try {
        const code = await run();
        return { code, stdout, stderr };
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
}

/** A CSV with y = 1 + 2 x1 - x2 + noise, rows of header line 1 then data from line 2. */
export function regressionCsv(rows: number, seed = 1): string {
    const rng = new Rng(seed, 'csv-fixture');
    const lines = ['x1,x2,y'];
    for (let i = 0; i < rows; i++) {
        const x1 = rng.normal();
        const x2 = rng.normal();
        lines.push(`${x1.toFixed(6)},${x2.toFixed(6)},${(1 + 2 * x1 - x2 + 0.3 * rng.normal()).toFixed(6)}`);
    }
    return `${lines.join('\n')}\n`;
}

/** The result without its timing, which is the only part allowed to differ between runs. */
export function withoutTiming(json: string): unknown {
    const result = JSON.parse(json) as Record<string, unknown>;
    delete result['timing'];
    return result;
}

/**
 * Runs the built `moe` on a terminal (util-linux `script` gives it a pty) and presses Ctrl-C
 * (writes ^C to the terminal) once its output matches `when`: the first progress frame of the
 * phase to interrupt, however long the machine takes to get there.
 */
export function interruptWhen(
    args: string[],
    when: RegExp,
    timeoutMs = 240_000
): Promise<{ code: number | null; stdout: string; pressedCtrlC: boolean }> {
    const command = [process.execPath, moeBin, ...args].map(a => JSON.stringify(a)).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let pressedCtrlC = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (!pressedCtrlC && when.test(stdout)) {
            pressedCtrlC = true;
            child.stdin!.write('\x03');
        }
    });
    return new Promise(resolve =>
        child.on('close', code => {
            clearTimeout(timer);
            resolve({ code, stdout, pressedCtrlC });
        })
    );
}
