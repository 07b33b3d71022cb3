/**
 * Particle-learning filters on the worker pool (packages/engine/src/parallel/): wall time of
 * R = 4 filters of one HSMOE-SYN-10x3 plan on the calling thread and on pools of 1, 2 and 4
 * threads, as speed-ups measured in the same minutes (the configurations take turns, round after
 * round, so a change of load on a shared machine touches them alike); then what a pool task
 * costs beyond its filter, with tiny filters (20 particles, 10 observations).
 *
 * Each timed pooled run starts a fresh pool, as `moe run` does, so it pays for starting its
 * threads and warming their JIT; speed-ups are against a fresh pool of one thread, which costs
 * what `moe run --jobs 1` costs (its filters run on a run worker it has just started). The
 * calling thread, its JIT warmed beforehand, is shown for what the cold start costs. First and
 * last, the machine's own scaling (k threads of a plain loop against one) says whether the
 * cores were free to give a speed-up at all. Needs the chain worker bundle
 * (packages/cli/dist/chain-worker.cjs, `npm run build`).
 *
 *   node scripts/bench.mjs pool        (POOL_BENCH_PARTICLES, POOL_BENCH_ROUNDS, POOL_BENCH_TINY)
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChainPool, poolChainRunner } from '../../packages/engine/src/parallel/index.js';
import { runParticleLearning, runParticleLearningWith } from '../../packages/engine/src/pl/run-particle-learning.js';
import { runChain } from '../../packages/engine/src/pl/chain.js';
import { loadStream } from '../../packages/engine/src/data/load-stream.js';
import { plPlan } from '../../test/engine/helpers/pl-fixtures.js';
import type { ExecutionPlan } from '../../packages/engine/src/plan/types.js';
import type { Dataset } from '../../packages/engine/src/data/dataset.js';

const workerFile = resolve('packages/cli/dist/chain-worker.cjs');
if (!existsSync(workerFile)) throw new Error(`${workerFile} is missing: run npm run build first`);

const R = 4;
const N = Number(process.env.POOL_BENCH_PARTICLES ?? 500);
const rounds = Number(process.env.POOL_BENCH_ROUNDS ?? 3);
const tinyRuns = Number(process.env.POOL_BENCH_TINY ?? 50);

/** A plan with R filters of `particles` particles over n rows of HSMOE-SYN-10x3, and its stream. */
async function benchPlan(particles: number, n: number): Promise<{ plan: ExecutionPlan; train: Dataset }> {
    const plan = plPlan({ particles, chains: R, sweepEvery: 1 });
    if (plan.data.train.source.kind !== 'sparse-experts') throw new Error('expected a sparse-experts stream');
    plan.data.train.source.n = n;
    // Loaded as the pool threads load it, so both sides see the same rows.
    return { plan, train: await loadStream(plan.data.train) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Wall and CPU seconds of `work`. CPU time is that of the whole process, pool threads included,
 * so it shows what the pool adds in work whatever else the machine runs; wall time is what a
 * user waits, and depends on how many cores the machine can spare.
 */
interface Timing {
    wall: number;
    cpu: number;
}
async function timed(work: () => unknown): Promise<Timing> {
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    await work();
    const cpu = process.cpuUsage(cpu0);
    return { wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** The R filters on this thread. */
function onThisThread(plan: ExecutionPlan, train: Dataset): Promise<Timing> {
    return timed(() => runParticleLearning(plan, train, undefined, {}));
}

/** The R filters on `pool` (the pool's own start-up included if it is new). */
function onPool(pool: ChainPool, plan: ExecutionPlan, train: Dataset): Promise<Timing> {
    return timed(() => runParticleLearningWith(poolChainRunner(pool), plan, train, undefined, {}));
}

/** The R filters on a fresh pool of `threads` threads, closed afterwards. */
async function onFreshPool(threads: number, plan: ExecutionPlan, train: Dataset): Promise<Timing> {
    const pool = new ChainPool({ workerFile, threads });
    try {
        return await onPool(pool, plan, train);
    } finally {
        await pool.close();
    }
}

/**
 * What the machine can give right now: the throughput of k threads of a plain arithmetic loop
 * against one. On a shared machine the other cores may be taken, and then no pool can be faster;
 * this says so next to the pool's own figures.
 */
async function machineScaling(threads: number): Promise<number> {
    const loop = `let x = 0; for (let i = 0; i < 2e8; i++) x += Math.sqrt(i); require('node:worker_threads').parentPort.postMessage(x);`;
    const wall = async (k: number) =>
        (
            await timed(() =>
                Promise.all(
                    Array.from(
                        { length: k },
                        () => new Promise(done => new Worker(loop, { eval: true }).once('message', done))
                    )
                )
            )
        ).wall;
    const one = await wall(1);
    return (threads * one) / (await wall(threads));
}

async function speedUps(): Promise<void> {
    const { plan, train } = await benchPlan(N, 500);
    console.log(
        `${R} filters of HSMOE-SYN-10x3: N=${N} particles, K=10, d=6, n=${train.n}, horseshoe sweep every observation; ${rounds} rounds`
    );
    await onThisThread(plan, train); // JIT warm-up of this thread
    const configurations: Array<[string, () => Promise<Timing>]> = [
        ['pool, 1 thread (as --jobs 1)', () => onFreshPool(1, plan, train)],
        ['pool, 2 threads (--jobs 2)', () => onFreshPool(2, plan, train)],
        ['pool, 4 threads (--jobs 4)', () => onFreshPool(4, plan, train)],
        ['calling thread, JIT already warm', () => onThisThread(plan, train)]
    ];
    const times = configurations.map(() => [] as Timing[]);
    for (let round = 0; round < rounds; round++) {
        for (const [i, [, run]] of configurations.entries()) times[i].push(await run());
    }
    // The base is one fresh thread: `moe run --jobs 1` also runs the filters on a thread it has
    // just started (its run worker), cold JIT included.
    const base = median(times[0].map(t => t.wall));
    for (const [i, [name]] of configurations.entries()) {
        const walls = times[i].map(t => t.wall);
        const m = median(walls);
        console.log(
            `  ${name.padEnd(34)} ${m.toFixed(2)} s wall (median of ${walls.map(t => t.toFixed(2)).join(', ')}), ` +
                `${median(times[i].map(t => t.cpu)).toFixed(2)} CPU s; speed-up ${(base / m).toFixed(2)} x`
        );
    }
    for (const i of [1, 2]) {
        const ratios = times[i].map((t, r) => times[0][r].wall / t.wall);
        console.log(
            `  ${configurations[i][0]} against 1 thread, round by round: ${ratios.map(x => x.toFixed(2)).join(', ')}`
        );
    }
}

/**
 * Per-task cost of the pool for filters too small to matter (the filters alone, no pooling):
 * the wall time per filter on a warm one-thread pool against the calling thread, split into the
 * filter's own time inside the task (ChainOutput.filterSeconds) and the rest (sending the plan,
 * loading the stream once per run, the reply and its transfer, waking the threads); then the
 * first run on a fresh pool, which also starts a thread, loads the worker and warms its JIT.
 */
async function overhead(): Promise<void> {
    const { plan, train } = await benchPlan(20, 10);
    const chains = Array.from({ length: R }, (_, r) => r);
    console.log(`\nper-task overhead: ${R} filters of N=20 particles over n=10 observations, ${tinyRuns} runs each`);
    const hereOnce = () => timed(() => chains.map(r => runChain(plan, train, r, {})));
    for (let i = 0; i < 20; i++) await hereOnce(); // warm-up
    const here: Timing[] = [];
    for (let i = 0; i < tinyRuns; i++) here.push(await hereOnce());
    const pool = new ChainPool({ workerFile, threads: 1 });
    const runner = poolChainRunner(pool);
    let inside: number[] = [];
    const poolOnce = () =>
        timed(async () => {
            inside = inside.concat((await runner(plan, chains, () => undefined)).map(o => o.filterSeconds));
        });
    const cold = await poolOnce();
    for (let i = 0; i < 20; i++) await poolOnce(); // warm-up of the pool thread
    inside = [];
    const warm: Timing[] = [];
    for (let i = 0; i < tinyRuns; i++) warm.push(await poolOnce());
    await pool.close();
    const ms = (s: number) => `${(1000 * s).toFixed(2)} ms`;
    const perFilter = (ts: Timing[], key: keyof Timing) => median(ts.map(t => t[key])) / R;
    const filterInside = median(inside);
    console.log(
        `  calling thread:        ${ms(perFilter(here, 'wall'))} wall, ${ms(perFilter(here, 'cpu'))} CPU per filter (medians)`
    );
    console.log(
        `  warm 1-thread pool:    ${ms(perFilter(warm, 'wall'))} wall, ${ms(perFilter(warm, 'cpu'))} CPU per task, of which the filter ${ms(filterInside)}`
    );
    console.log(
        `  overhead per task:     ${ms(perFilter(warm, 'wall') - filterInside)} wall beyond the filter; ` +
            `${ms(perFilter(warm, 'wall') - perFilter(here, 'wall'))} wall, ${ms(perFilter(warm, 'cpu') - perFilter(here, 'cpu'))} CPU against the calling thread`
    );
    console.log(
        `  first run, fresh pool: ${(1000 * cold.wall).toFixed(0)} ms wall, ${(1000 * cold.cpu).toFixed(0)} ms CPU for the ${R} filters (thread start, worker load, cold JIT)`
    );
}

console.log(
    `worker pool: ${availableParallelism()} cores available, node ${process.version}, load average ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`
);
for (const k of [2, 4])
    console.log(
        `machine: ${k} threads of an arithmetic loop give ${(await machineScaling(k)).toFixed(2)} x the throughput of one`
    );
await speedUps();
await overhead();
console.log(`machine, again: 2 threads give ${(await machineScaling(2)).toFixed(2)} x the throughput of one`);
console.log(
    `load average at the end: ${loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`
);
