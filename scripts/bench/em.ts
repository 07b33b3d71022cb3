/**
 * EM speed for the hierarchical MoE: n = 10,000 observations, d = 5 inputs (plus intercept),
 * 2 x 3 experts, data from the hierarchical generator with the same gate kinds as the fit.
 * Reports, per gate combination, the time to build the flat-mixture start, the EM iterations
 * from it to convergence (tolerance 1e-8, at most 1000) and their rate, and the whole fit's time.
 *
 *   npx esbuild scripts/bench/em.ts --bundle --platform=node --format=cjs --outfile=/tmp/em-bench.cjs && node /tmp/em-bench.cjs
 */
import type { GateKind, HierarchicalSource } from '../../packages/engine/src/plan/types.js';
import { generateHierarchical } from '../../packages/engine/src/data/generators/hierarchical.js';
import { emIterate, flatMixtureStart } from '../../packages/engine/src/hmoe/fit-em.js';
import { gateInputs } from '../../packages/engine/src/hmoe/model.js';
import { varianceFloorFor, type EmProblem } from '../../packages/engine/src/hmoe/problem.js';
import { Rng } from '../../packages/engine/src/random/rng.js';

const N = 10_000;
const P = 5;
const K1 = 2;
const K2 = 3;

/** A fixed random truth: gate slopes / centres and expert coefficients N(0, 1), noise variance 0.1. */
function benchSource(outer: GateKind, inner: GateKind): HierarchicalSource {
    const rng = Rng.stream(2024, 'bench-truth');
    const row = (scale: number) => Array.from({ length: P }, () => scale * rng.normal());
    const level = (gate: GateKind, k: number) => ({
        gate,
        weights: Array.from({ length: k }, () => row(gate === 'softmax' ? 2 : 0.6)),
        bias: Array.from({ length: k }, () => 0)
    });
    return {
        kind: 'hierarchical',
        n: N,
        inputs: P,
        inputRange: { low: -1, high: 1 },
        outer: level(outer, K1),
        inner: Array.from({ length: K1 }, () => level(inner, K2)),
        experts: Array.from({ length: K1 }, () =>
            Array.from({ length: K2 }, () => ({ coefficients: [rng.normal(), ...row(1.5)], variance: 0.1 }))
        ),
        intercept: true,
        seed: 11
    };
}

function problemFor(source: HierarchicalSource): EmProblem {
    const sample = generateHierarchical(source);
    const d = P + 1;
    const X = new Float64Array(N * d);
    for (let i = 0; i < N; i++) {
        X[i * d] = 1;
        X.set(sample.x.subarray(i * P, (i + 1) * P), i * d + 1);
    }
    const { Z } = gateInputs(X, N, d, true);
    return {
        shape: { k1: K1, k2: K2, outerGate: source.outer.gate, innerGate: source.inner[0].gate, d, p: P },
        n: N,
        X,
        Z,
        y: sample.y,
        varianceFloor: varianceFloorFor(sample.y, N).floor
    };
}

const combos: Array<[GateKind, GateKind]> = [
    ['softmax', 'softmax'],
    ['softmax', 'laplace'],
    ['laplace', 'laplace'],
    ['laplace', 'softmax']
];
const options = { maxIterations: 1000, tolerance: 1e-8, restarts: 1, initialization: 'flat-mixture' as const, seed: 1 };

function cpuSeconds(since: NodeJS.CpuUsage): number {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
}

console.log(
    `EM bench: n = ${N}, d = ${P} inputs + intercept, ${K1} x ${K2} experts, one flat-mixture start, tolerance 1e-8 (3 stable iterations)`
);
console.log(
    'CPU seconds of this process (steadier than wall-clock on a shared machine); wall-clock for the whole fit in the last column'
);
console.log(
    'gates   start s   EM s   iterations   EM iter/s   fit s (cpu)   fit s (wall)   converged   log-likelihood'
);
for (const [outer, inner] of combos) {
    const problem = problemFor(benchSource(outer, inner));
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    const start = flatMixtureStart(problem, Rng.stream(options.seed, 'em-restart-0'), options);
    const startCpu = cpuSeconds(cpu0);
    const cpu1 = process.cpuUsage();
    const fit = emIterate(problem, start, options);
    const emCpu = cpuSeconds(cpu1);
    const wall = (performance.now() - wall0) / 1000;
    const row = [
        (outer[0] + inner[0]).toUpperCase().padEnd(5),
        startCpu.toFixed(2).padStart(9),
        emCpu.toFixed(2).padStart(6),
        String(fit.iterations).padStart(12),
        (fit.iterations / emCpu).toFixed(0).padStart(11),
        (startCpu + emCpu).toFixed(2).padStart(13),
        wall.toFixed(2).padStart(14),
        String(fit.converged).padStart(11),
        fit.logLikelihoods[fit.logLikelihoods.length - 1].toFixed(2).padStart(16)
    ];
    console.log(row.join(' '));
}
