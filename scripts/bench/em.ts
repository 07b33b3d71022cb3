/**
 * EM speed for the hierarchical MoE: n = 10,000 observations, d = 5 inputs (plus intercept),
 * 2 x 3 experts, data from the hierarchical generator with the same gate kinds as the fit.
 * Reports, per gate combination, the time to converge from the flat-mixture start (one start,
 * tolerance 1e-8, at most 1000 iterations), the iterations done and EM iterations per second.
 * Times are wall-clock and CPU seconds of this process (the CPU figure is steadier on a busy machine).
 *
 *   npx esbuild scripts/bench/em.ts --bundle --platform=node --format=cjs --outfile=/tmp/em-bench.cjs && node /tmp/em-bench.cjs
 */
import type { GateKind, HierarchicalSource } from '../../packages/engine/src/plan/types.js';
import { generateHierarchical } from '../../packages/engine/src/data/generators/hierarchical.js';
import { fitHmoe } from '../../packages/engine/src/hmoe/fit-em.js';
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
        bias: Array.from({ length: k }, () => 0),
    });
    return {
        kind: 'hierarchical', n: N, inputs: P, inputRange: { low: -1, high: 1 },
        outer: level(outer, K1),
        inner: Array.from({ length: K1 }, () => level(inner, K2)),
        experts: Array.from({ length: K1 }, () => Array.from({ length: K2 }, () => ({ coefficients: [rng.normal(), ...row(1.5)], variance: 0.1 }))),
        intercept: true, seed: 11,
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
        n: N, X, Z, y: sample.y, varianceFloor: varianceFloorFor(sample.y, N).floor,
    };
}

const combos: Array<[GateKind, GateKind]> = [['softmax', 'softmax'], ['softmax', 'laplace'], ['laplace', 'laplace'], ['laplace', 'softmax']];
console.log(`EM bench: n = ${N}, d = ${P} inputs + intercept, ${K1} x ${K2} experts, one flat-mixture start, tolerance 1e-8`);
console.log('gates            wall s    cpu s   iterations   iter/s (cpu)   converged   log-likelihood');
for (const [outer, inner] of combos) {
    const problem = problemFor(benchSource(outer, inner));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const fit = fitHmoe(problem, { maxIterations: 1000, tolerance: 1e-8, restarts: 1, initialization: 'flat-mixture', seed: 1 });
    const wall = (performance.now() - t0) / 1000;
    const cpuUsed = process.cpuUsage(cpu0);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
    const best = fit.best;
    console.log(`${(outer[0] + inner[0]).toUpperCase().padEnd(14)} ${wall.toFixed(2).padStart(7)} ${cpu.toFixed(2).padStart(8)} ${String(best.iterations).padStart(12)} ${(best.iterations / cpu).toFixed(0).padStart(14)} ${String(best.converged).padStart(11)}   ${best.logLikelihoods[best.logLikelihoods.length - 1].toFixed(2)}`);
}
