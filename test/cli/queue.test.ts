/**
 * Sweeps on a Redis job queue (BullMQ): two `moe worker` processes take 40 small tasks from a
 * `moe sweep --queue`; one worker is killed (SIGKILL) while it runs a task. The task must be
 * handed to the other worker (stalled-job handling), every task's result must arrive once, and
 * the results must equal those of the same sweep run locally, number for number.
 *
 * Needs redis-server: MOE_TEST_REDIS_URL (as .ci/run sets it), or a redis-server on PATH that
 * the test starts on a loopback port itself. Without either the tests skip and say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sweepCommand } from '../../packages/cli/src/commands/sweep.js';
import { csvPlan } from '../engine/plan/plans.js';
import { TempDir, capture, moeBin, regressionCsv, repoRoot, runMoe } from './helpers.js';

const tmp = new TempDir();
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const given = process.env['MOE_TEST_REDIS_URL'];
const why = "no redis-server: set MOE_TEST_REDIS_URL or install Debian's redis-server";
let server: ChildProcess | undefined;
let base = given ?? '';

beforeAll(async () => {
    if (!given && hasRedisServer) {
        const port = 20000 + Math.floor(Math.random() * 20000);
        server = spawn(
            'redis-server',
            ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
            { stdio: 'ignore' }
        );
        base = `redis://127.0.0.1:${port}`;
        for (let i = 0; i < 50; i++) {
            const client = new Redis(base, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
            client.on('error', () => undefined);
            const up = await client.connect().then(
                () => true,
                () => false
            );
            client.disconnect();
            if (up) break;
            await new Promise(r => setTimeout(r, 100));
        }
    }
});
afterAll(() => {
    server?.kill();
    tmp.remove();
});

/** Database 15 of the server, emptied first, so an earlier run's finished jobs are not collected. */
async function emptyQueue(): Promise<string> {
    const url = `${base.replace(/\/\d+$/, '')}/15`;
    const client = new Redis(url);
    await client.flushdb();
    client.disconnect();
    return url;
}

interface Worker {
    child: ChildProcess;
    lines: string[];
    exited: Promise<number | null>;
}

function startWorker(url: string, onLine?: (line: string, worker: Worker) => void): Worker {
    const child = spawn(process.execPath, [moeBin, 'worker', '--queue', url, '--jobs', '1', '--stalled-after', '2'], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe']
    });
    const worker: Worker = {
        child,
        lines: [],
        exited: new Promise(resolve => child.on('exit', code => resolve(code)))
    };
    createInterface({ input: child.stderr! }).on('line', line => {
        worker.lines.push(line);
        onLine?.(line, worker);
    });
    return worker;
}

function storedNumbers(folder: string, file: string): unknown {
    const stored = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    delete stored.result.timing;
    return stored;
}

describe.skipIf(!given && !hasRedisServer)(
    `moe sweep --queue with moe worker (${given || hasRedisServer ? 'Redis' : why})`,
    () => {
        const csv = tmp.file('data.csv', regressionCsv(70));
        const plan = tmp.file('plan.json', csvPlan(csv, { train: [0, 50], test: [50, 70] }));
        const args = ['--set', 'particles=20,25,30,35', '--seeds', '1..10'];

        it('fails within seconds, with the address, when the queue is unreachable', () => {
            const started = Date.now();
            const run = runMoe(['sweep', plan, ...args, '--queue', 'redis://127.0.0.1:1', '--quiet'], 20_000);
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(/cannot reach the queue at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
            expect(Date.now() - started).toBeLessThan(15_000);
            expect(runMoe(['worker', '--queue', 'http://x'], 20_000).stderr).toMatch(/must be a Redis URL/);
        });

        it('40 tasks, one worker killed mid-task: every result once, equal to a local sweep', async () => {
            const url = await emptyQueue();
            const results = join(tmp.path, 'queue-results');
            const json = join(tmp.path, 'queue.json');
            const sweep = spawn(
                process.execPath,
                [moeBin, 'sweep', plan, ...args, '--queue', url, '--results', results, '--json', json, '--quiet'],
                { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] }
            );
            let sweepErr = '';
            sweep.stderr!.on('data', chunk => {
                sweepErr += String(chunk);
            });
            const sweepExit = new Promise<number | null>(resolve => sweep.on('exit', code => resolve(code)));

            // Worker A is killed the moment it starts its third task, so that task is in flight.
            let killed: string | undefined;
            let started = 0;
            const a = startWorker(url, (line, worker) => {
                if (killed === undefined && / started /.test(line) && ++started === 3) {
                    killed = line.match(/task ([0-9a-f]{12})/)?.[1];
                    worker.child.kill('SIGKILL');
                }
            });
            const b = startWorker(url);
            const code = await sweepExit;
            b.child.kill('SIGINT');
            await Promise.all([a.exited, b.exited]);

            expect(sweepErr).toBe('');
            expect(code).toBe(0);
            expect(killed).toMatch(/^[0-9a-f]{12}$/);
            // The killed task was taken up again by the other worker, on its second attempt.
            expect(b.lines.some(l => l.includes(`task ${killed}`) && l.includes('(attempt 2)'))).toBe(true);
            const doc = JSON.parse(readFileSync(json, 'utf8'));
            expect(doc.counts).toMatchObject({ tasks: 40, queued: 40, computed: 0, reused: 0 });
            const hashes = doc.tasks.map((t: { hash: string }) => t.hash);
            expect(new Set(hashes).size).toBe(40);
            const files = readdirSync(results)
                .filter(f => f.endsWith('.json'))
                .sort();
            expect(files).toEqual(hashes.map((h: string) => `${h}.json`).sort());

            const local = join(tmp.path, 'local-results');
            const ran = await capture(() =>
                sweepCommand(plan, { set: [args[1]!], seeds: args[3]!, results: local, quiet: true })
            );
            expect(ran.code).toBe(0);
            expect(
                readdirSync(local)
                    .filter(f => f.endsWith('.json'))
                    .sort()
            ).toEqual(files);
            for (const file of files) expect(storedNumbers(results, file)).toEqual(storedNumbers(local, file));

            // Run again: everything is in the results folder, nothing goes to the queue.
            const again = runMoe(
                ['sweep', plan, ...args, '--queue', url, '--results', results, '--json', json, '--quiet'],
                60_000
            );
            expect(again.code).toBe(0);
            expect(JSON.parse(readFileSync(json, 'utf8')).counts).toMatchObject({ tasks: 40, reused: 40, queued: 0 });
        }, 480_000);
    }
);
