/**
 * Acceptance of the flagship example (examples/hs-moe-synthetic.moe) over algorithm seeds
 * 7919 .. 7919 + SEEDS - 1 on the example's own data: runs the real main command,
 * `moe run FILE --seed S --json OUT`, once per seed, and reports
 *  - recovery of the three active experts: top-3 usage >= 0.95 and each of the three within
 *    +-0.07 of the data's own allocation frequencies (matched by sorted order), judged on the
 *    sorted posterior-mean usage (labels matched across filters) and on the posterior mean of each
 *    particle's sorted usage (label-invariant inside a filter too);
 *  - log Z-hat with its Monte Carlo standard error, and its spread (max - min) over seeds;
 *  - 90% held-out interval coverage; the filters' agreement messages; the command's wall time.
 *
 * Run: npm run build && npx esbuild scripts/experiments/hs-moe-seeds.ts --bundle --platform=node \
 *        --format=cjs --outfile=/tmp/hs-moe-seeds.cjs && SEEDS=10 node /tmp/hs-moe-seeds.cjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParticleLearningResult } from '../../packages/engine/src/result/types.js';
import { hsmoeSyn10x3 } from '../../test/engine/helpers/pl-fixtures.js';

const SEEDS = Number(process.env.SEEDS ?? 10);
const MODEL = process.env.MODEL ?? 'examples/hs-moe-synthetic.moe';
// The example's training stream: sparse_experts(..., n = 500, seed = 20260114).
const train = hsmoeSyn10x3(500, 20260114);
const empirical = new Array<number>(10).fill(0);
for (const z of train.z) empirical[z] += 1 / train.n;
const target = [...empirical].sort((a, b) => b - a).slice(0, 3);
console.log(`data's allocation frequencies, top 3: ${target.map(u => u.toFixed(3)).join(' ')}`);

const dir = mkdtempSync(join(tmpdir(), 'hs-moe-seeds-'));
const logZ: number[] = [];
const walls: number[] = [];
let recovered = 0;
let recoveredPerParticle = 0;
const recovers = (sorted: number[]) => {
    const top3 = sorted.slice(0, 3);
    return top3.reduce((a, b) => a + b, 0) >= 0.95 && top3.every((u, i) => Math.abs(u - target[i]) <= 0.07);
};
let covered = 0;
console.log(
    '| seed | top-3 usage | recovered | top-3 per particle | recovered | log Z ± MC se | 90% coverage | effective experts (exp entropy) | filter findings | wall (s) |'
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (let r = 0; r < SEEDS; r++) {
    const seed = 7919 + r;
    const out = join(dir, `seed-${seed}.json`);
    const started = process.hrtime.bigint();
    const run = spawnSync(
        process.execPath,
        ['packages/cli/dist/moe.cjs', 'run', MODEL, '--seed', String(seed), '--json', out, '--quiet'],
        { encoding: 'utf8' }
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`moe run failed for seed ${seed}: ${run.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as ParticleLearningResult;
    const top3 = result.sortedUsage.slice(0, 3);
    const ok = recovers(result.sortedUsage);
    const okParticle = recovers(result.particleSortedUsage);
    if (okParticle) recoveredPerParticle++;
    const coverage = result.predictive?.coverage['0.9'] ?? NaN;
    if (ok) recovered++;
    if (coverage >= 0.87 && coverage <= 0.93) covered++;
    logZ.push(result.logMarginalLikelihood);
    walls.push(wall);
    const se = result.logMarginalLikelihoodSE;
    console.log(
        `| ${seed} | ${top3.map(u => u.toFixed(3)).join(' ')} | ${ok ? 'yes' : 'no'} | ${result.particleSortedUsage
            .slice(0, 3)
            .map(u => u.toFixed(3))
            .join(
                ' '
            )} | ${okParticle ? 'yes' : 'no'} | ${result.logMarginalLikelihood.toFixed(2)} ± ${se === null ? '-' : se.toFixed(2)} | ${coverage.toFixed(3)} | ${result.effectiveExperts.entropy.toFixed(2)} | ${result.agreement.messages.length} | ${wall.toFixed(1)} |`
    );
}
const sortedWalls = [...walls].sort((a, b) => a - b);
console.log(
    `\nrecovered in ${recovered} of ${SEEDS} (aim >= 9), per particle in ${recoveredPerParticle} of ${SEEDS}; log Z spread ${(Math.max(...logZ) - Math.min(...logZ)).toFixed(2)} nats (aim <= 5); ` +
        `90% coverage within 0.87-0.93 in ${covered} of ${SEEDS}; median wall time ${sortedWalls[Math.floor(SEEDS / 2)].toFixed(1)} s`
);
