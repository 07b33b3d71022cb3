/**
 * What streaming costs the particle filter on HSMOE-SYN-10x3 (N = 1000, K = 10, d = 6, n = 500,
 * sweep every 10): the one-step-ahead PIT trace (one gate evaluation per particle and one
 * Student-t CDF per distinct expert block per observation, pl/prequential.ts) and the forgetting
 * factor (an O(d^3) rebuild of every distinct expert block and every stick per observation,
 * pl/forgetting.ts), each against the plain filter. Rates are particle-observations per CPU second.
 */
import { runBenchmarkFilter, train } from './lib/benchmark-filter.js';

const N = Number(process.env.PL_BENCH_PARTICLES ?? 1000);
const repeats = Number(process.env.PL_BENCH_REPEATS ?? 3);
const rate = (seed: number, prequential: boolean, forgetting: number) =>
    runBenchmarkFilter(N, 10, seed, { prequential, forgetting }).rate;

console.log(
    `particle learning with streaming options, HSMOE-SYN-10x3: N=${N}, K=10, d=6, n=${train.n}, sweep every 10`
);
rate(1, true, 0.99); // JIT warm-up of every path
const variants: Array<[string, boolean, number]> = [
    ['plain', false, 1],
    ['PIT trace', true, 1],
    ['forgetting 0.99', false, 0.99],
    ['forgetting 0.99 + PIT', true, 0.99]
];
for (const [name, prequential, forgetting] of variants) {
    const rates = Array.from({ length: repeats }, (_, r) => rate(7919 + r, prequential, forgetting)).sort(
        (a, b) => a - b
    );
    console.log(
        `${name.padEnd(22)} ${Math.round(rates[Math.floor(repeats / 2)]).toLocaleString('en-US')} particle-obs/s (median of ${repeats}; range ${Math.round(rates[0]).toLocaleString('en-US')}-${Math.round(rates[repeats - 1]).toLocaleString('en-US')})`
    );
}
