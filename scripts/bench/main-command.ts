/**
 * Where the main command's time goes (`moe run examples/hs-moe-synthetic.moe`, the README's
 * defaults: 4 filters of 500 particles with resample-move sweeps after 10, 20, 40, ...
 * observations, 2,000 held-out rows):
 *  1. CPU seconds of each phase, run one after another on this thread: the filters (steps and
 *     moves), and the pooling (the held-out predictive of the filters that weigh, summaries and
 *     the interval end points of the plotted rows; again without those rows, as `moe run` without
 *     --json pools), with the ratios; then the pooling's wall time on this thread alone against
 *     the way the run worker pools (the held-out rows of the filters that weigh on a pool of two
 *     threads while this thread computes the other summaries), rounds taking turns;
 *  2. memory per particle and per observation of a filter (the bytes of the typed arrays it holds,
 *     at two stream lengths);
 *  3. the wall and CPU time of the command itself (both cores; the machine's load average with it);
 *  4. how soon a run shows progress: `moe run` on a pseudo-terminal (script(1); against an
 *     earlier build with MOE_BEFORE, below), and the run workers of the CLI and of the editor from thread start to their first message.
 * Set MAIN_BENCH_PARTS=1,2 (say) to run only some parts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { validatePlan } from '../../packages/engine/src/plan/validate-plan.js';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { runChain, filterFor, type ChainOutput } from '../../packages/engine/src/pl/chain.js';
import { filterWeights, poolChains, poolChainsMeanwhile } from '../../packages/engine/src/pl/pool-chains.js';
import { weighingFilters } from '../../packages/engine/src/pl/predictive.js';
import { weighingRows } from '../../packages/engine/src/pl/run-particle-learning.js';
import { ChainPool } from '../../packages/engine/src/parallel/chain-pool.js';
import { poolHeldOutScorer } from '../../packages/engine/src/parallel/held-out-scorer.js';
import type { ExecutionPlan, ParticleLearningSpec } from '../../packages/engine/src/plan/types.js';

const example = 'examples/hs-moe-synthetic.moe';
const moe = 'packages/cli/bin/moe.cjs';
const parts = new Set((process.env.MAIN_BENCH_PARTS ?? '1,2,3,4').split(',').map(Number));
const load = () =>
    loadavg()
        .map(l => l.toFixed(2))
        .join(' ');
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

const plan = validatePlan(
    JSON.parse(execFileSync(process.execPath, [moe, 'compile', example], { encoding: 'utf8' })) as ExecutionPlan
);
const inference = plan.inference as ParticleLearningSpec;
console.log(
    `${example}: ${inference.chains} filters x ${inference.particles} particles, rejuvenate_every ${inference.rejuvenateEvery} (${inference.rejuvenateSchedule}), load average ${load()}`
);

if (parts.has(1)) {
    const train = await loadStream(plan.data.train);
    const test = await loadStream(plan.data.test!, train.standardization);
    let filterCpu = 0;
    const outputs: ChainOutput[] = [];
    for (let r = 0; r < inference.chains; r++) {
        const c0 = process.cpuUsage();
        outputs.push(runChain(plan, train, r, {}));
        filterCpu += cpuSeconds(process.cpuUsage(c0));
    }
    let c0 = process.cpuUsage();
    const result = poolChains(plan, train, test, outputs, 0);
    const poolCpu = cpuSeconds(process.cpuUsage(c0));
    // As `moe run` without --json pools: no plotted rows, so no interval end points.
    c0 = process.cpuUsage();
    poolChains(plan, train, test, outputs, 0, 0);
    const scoresCpu = cpuSeconds(process.cpuUsage(c0));
    const obs = inference.chains * inference.particles * train.n;
    console.log(
        `phases, one thread (CPU s): filters ${filterCpu.toFixed(2)} (${Math.round(obs / filterCpu).toLocaleString('en-US')} particle-obs/s with moves), ` +
            `pooling ${poolCpu.toFixed(2)} (held-out predictive of ${test.n} rows for the filters that weigh, summaries, interval end points of ${result.predictive?.points.length} rows), ` +
            `pooling without the plotted rows (moe run without --json) ${scoresCpu.toFixed(2)}`
    );
    console.log(
        `predictive and summaries / filters: ${((poolCpu / filterCpu) * 100).toFixed(1)}% with the plotted rows' intervals, ${((scoresCpu / filterCpu) * 100).toFixed(1)}% without; filter weights ${result.chains.map(c => c.weight.toPrecision(2)).join(' ')}; log Z ${result.logMarginalLikelihood.toFixed(4)}, ` +
            `log predictive density ${result.predictive?.logPredictiveDensity.toFixed(3)}, load average ${load()}`
    );
    // Wall time of the pooling (no plotted rows): alone on this thread, and as the run worker pools.
    const pool = new ChainPool({ workerFile: 'packages/cli/dist/chain-worker.cjs', threads: 2 });
    const scorer = poolHeldOutScorer(pool);
    const rowsOnPool = () => weighingRows(scorer, plan, train, outputs, test.n);
    const weighing = weighingFilters(filterWeights(train, outputs).weights).filter(Boolean).length;
    const alone: number[] = [];
    const both: number[] = [];
    for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++) {
        let started = performance.now();
        const a = poolChains(plan, train, test, outputs, 0, 0);
        alone.push((performance.now() - started) / 1000);
        started = performance.now();
        const b = await poolChainsMeanwhile(plan, train, test, outputs, 0, 0, rowsOnPool());
        both.push((performance.now() - started) / 1000);
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('pooling on the pool changed the result');
    }
    await pool.close();
    const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
    const list = (xs: number[]) => xs.map(x => x.toFixed(2)).join(' ');
    console.log(
        `pooling wall s, rounds taking turns (the first is each thread's first): this thread alone ${list(alone)}; ` +
            `held-out rows of ${weighing} filter(s) on 2 pool threads meanwhile ${list(both)}; ` +
            `median ratio ${(median(both) / median(alone)).toFixed(2)}, first round ${(both[0] / alone[0]).toFixed(2)} (same result); ` +
            `filters on 2 threads would take about ${(filterCpu / 2).toFixed(2)} s wall: pooling / filters ${((median(both) / (filterCpu / 2)) * 100).toFixed(1)}%; load average ${load()}`
    );
}

if (parts.has(2)) {
    const train = await loadStream(plan.data.train);
    // Bytes of the typed arrays a filter holds, found by walking what it references (each buffer
    // once): exact, unlike the process's arrayBuffers count, which garbage from earlier filters skews.
    const typedBytes = (root: object) => {
        const buffers = new Set<ArrayBufferLike>();
        const seen = new Set<object>();
        const walk = (v: unknown) => {
            if (typeof v !== 'object' || v === null || seen.has(v)) return;
            seen.add(v);
            if (ArrayBuffer.isView(v)) {
                buffers.add(v.buffer);
                return;
            }
            for (const value of Object.values(v)) walk(value);
        };
        walk(root);
        let bytes = 0;
        for (const b of buffers) bytes += b.byteLength;
        return bytes;
    };
    const measure = (n: number, moves: boolean) => {
        const spec: ParticleLearningSpec = { ...inference, rejuvenateEvery: moves ? inference.rejuvenateEvery : 0 };
        const filter = filterFor(spec, plan, { ...train, n }, 1);
        return { bytes: typedBytes(filter), filter };
    };
    const N = inference.particles;
    for (const moves of [true, false]) {
        const a = measure(500, moves);
        const b = measure(5000, moves);
        const perObservation = (b.bytes - a.bytes) / 4500;
        const perParticle = (a.bytes - 500 * perObservation) / N;
        console.log(
            `memory of one filter${moves ? ' with moves' : ', no moves'}: ${Math.round(perParticle).toLocaleString('en-US')} bytes per particle ` +
                `(state block ${a.filter.bytesPerParticle}) + ${perObservation.toFixed(0)} bytes per observation ` +
                `(${(perObservation / N).toFixed(2)} per particle-observation: ${moves ? 'the allocation history the moves resweep, 2 bytes, and ' : ''}the diagnostics, 8 (K + 2) / N)`
        );
    }
}

if (parts.has(3)) {
    const timer = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%e %U %S'] : [];
    const before = load();
    const started = performance.now();
    const run = spawnSync(
        timer[0] ?? process.execPath,
        [...timer.slice(1), ...(timer.length ? [process.execPath] : []), moe, 'run', example, '--quiet'],
        { encoding: 'utf8' }
    );
    const wall = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`moe run failed: ${run.stderr}`);
    const times = timer.length ? run.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
    console.log(
        `moe run ${example} --quiet: ${wall.toFixed(2)} s wall` +
            (times.length === 3
                ? `, ${(times[1] + times[2]).toFixed(2)} s CPU (${((times[1] + times[2]) / wall).toFixed(2)} cores busy)`
                : '') +
            `; load average before ${before}, after ${load()}`
    );
}

if (parts.has(4)) {
    // `moe run` on a pseudo-terminal: when the first line, the compile phase, the load phase and
    // the first count appear. With MOE_BEFORE=path/to/bin/moe.cjs (a copy of an earlier build,
    // inside the repository so that it finds node_modules), that build and this one take turns,
    // ROUNDS rounds (default 5), and each mark's median is printed for both.
    if (existsSync('/usr/bin/script')) {
        const marksOf = (bin: string) =>
            new Promise<Record<string, number>>(resolve => {
                const marks: Record<string, number> = {};
                const started = performance.now();
                const child = spawn(
                    '/usr/bin/script',
                    ['-qfc', `${process.execPath} ${bin} run ${example}`, '/dev/null'],
                    { stdio: ['ignore', 'pipe', 'ignore'] }
                );
                let seen = '';
                child.stdout.on('data', (chunk: Buffer) => {
                    seen += chunk.toString();
                    for (const [mark, text] of [
                        ['first line', 'moe run'],
                        ['compiling', 'compiling'],
                        ['loading', 'loading'],
                        ['first count', '% ']
                    ] as const) {
                        if (marks[mark] === undefined && seen.includes(text))
                            marks[mark] = Math.round(performance.now() - started);
                    }
                    if (marks['first count'] !== undefined) child.kill();
                });
                child.on('exit', () => resolve(marks));
            });
        const before = process.env.MOE_BEFORE;
        const builds = before ? { before, now: moe } : { now: moe };
        const rounds = before ? Number(process.env.ROUNDS ?? 5) : 1;
        const seen: Record<string, Record<string, number[]>> = {};
        for (let r = 0; r < rounds; r++) {
            for (const [name, bin] of Object.entries(builds)) {
                const marks = await marksOf(bin);
                for (const [mark, ms] of Object.entries(marks)) ((seen[name] ??= {})[mark] ??= []).push(ms);
                console.log(
                    `moe run on a terminal (${name}, round ${r + 1}), ms after the command starts: ${Object.entries(
                        marks
                    )
                        .map(([k, v]) => `${k} ${v}`)
                        .join(', ')}; load average ${load()}`
                );
            }
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        if (rounds > 1) {
            for (const [name, marks] of Object.entries(seen)) {
                console.log(
                    `medians (${name}): ${Object.entries(marks)
                        .map(([k, v]) => `${k} ${median(v)} (${Math.min(...v)}-${Math.max(...v)})`)
                        .join(', ')}`
                );
            }
        }
    } else {
        console.log('moe run on a terminal: skipped (no script(1))');
    }
    const firstMessages = (file: string, start: (w: Worker) => void) =>
        new Promise<string>((resolve, reject) => {
            const started = performance.now();
            const worker = new Worker(file);
            const marks: string[] = [];
            worker.on('message', (m: { type: string; progress?: { phase?: string; observationsDone: number } }) => {
                if (m.type !== 'progress' || !m.progress) return;
                const ms = Math.round(performance.now() - started);
                const phase = m.progress.phase ?? 'fitting';
                if (marks.length === 0) marks.push(`first progress (${phase}) ${ms}`);
                if (phase === 'fitting' && m.progress.observationsDone > 0) {
                    marks.push(`first count ${ms}`);
                    void worker.terminate().then(() => resolve(marks.join(', ')));
                }
            });
            worker.on('error', reject);
            start(worker);
        });
    const cliWorker = './packages/cli/dist/run-worker.cjs';
    // Both are the one run worker (engine/parallel/run-worker.ts), which takes its plan as a message.
    const request = () => ({ type: 'run', plan, stop: new SharedArrayBuffer(4), progressIntervalMs: 250 });
    console.log(
        `CLI run worker, ms after the thread starts: ${await firstMessages(cliWorker, w => w.postMessage(request()))}`
    );
    const editorWorker = './packages/extension/out/worker/run-worker.cjs';
    console.log(
        `editor run worker, ms after the thread starts: ${await firstMessages(editorWorker, w => w.postMessage(request()))}`
    );
}
// The terminated run workers' pools may still be winding down; end here rather than wait for them.
process.exit(0);
