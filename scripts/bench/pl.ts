/**
 * Particle-learning throughput on HSMOE-SYN-10x3 (docs/method.md §4.2): N = 1000 particles, K = 10
 * experts, 5 inputs + intercept, n = 500, horseshoe sweep every observation and every 10.
 * Prints particle-observations per second (filter only, summaries excluded) and bytes per particle.
 */
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, plPlan } from '../../test/engine/helpers/pl-fixtures.js';
import { runBenchmarkFilter, train } from './lib/benchmark-filter.js';

const N = Number(process.env.PL_BENCH_PARTICLES ?? 1000);
const repeats = Number(process.env.PL_BENCH_REPEATS ?? 5);
const filterRate = (sweepEvery: number, seed: number) => runBenchmarkFilter(N, sweepEvery, seed);

console.log(`particle learning, HSMOE-SYN-10x3: N=${N}, K=10, d=6, n=${train.n}, node ${process.version}`);
const bytes = filterRate(1, 1).bytes; // also the JIT warm-up
for (const sweepEvery of [1, 10]) {
    const runs = Array.from({ length: repeats }, (_, r) => filterRate(sweepEvery, 7919 + r));
    const rates = runs.map(r => r.rate).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)];
    console.log(
        `sweep every ${String(sweepEvery).padStart(2)}: ${Math.round(median).toLocaleString('en-US')} particle-obs/s ` +
            `(median of ${repeats}; best ${Math.round(rates[rates.length - 1]).toLocaleString('en-US')}, worst ${Math.round(rates[0]).toLocaleString('en-US')}); ` +
            `${runs[0].seconds.toFixed(2)} CPU s per run; wall-clock median ${Math.round(runs.map(r => r.wallRate).sort((a, b) => a - b)[Math.floor(repeats / 2)]).toLocaleString('en-US')}/s; ` +
            `log Z ${runs.map(r => r.logZ.toFixed(1)).join(', ')}`
    );
}
console.log(`state per particle: ${bytes} bytes (flat Float64Array block; scratch shared by all particles)`);

// The whole run including summaries and a 2000-point held-out predictive, for reference.
if (process.env.PL_BENCH_FULL === '0') process.exit(0);
const test = hsmoeSyn10x3(2000, 99, 'test');
const result = runParticleLearning(plPlan({ particles: N }), train, test, {});
console.log(
    `full run with summaries and predictive: ${result.timing.seconds.toFixed(2)} s; sorted usage top-3 ` +
        `${result.sortedUsage
            .slice(0, 3)
            .map(u => u.toFixed(3))
            .join(' / ')}; coverage ${JSON.stringify(result.predictive?.coverage)}`
);
