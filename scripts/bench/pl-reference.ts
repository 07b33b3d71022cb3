/**
 * The filter against a vectorised NumPy implementation of the same algorithm
 * (scripts/bench/pl_reference.py), side by side on HSMOE-SYN-10x3: N = 1000 particles, K = 10,
 * d = 6, n = 500, full horseshoe sweep after every observation, resampling at every step, no
 * moves, one thread each (BLAS threads pinned to 1). The two run alternately, so that load from
 * elsewhere on the machine falls on both; rates are particle-observations per CPU second, and the
 * ratio is taken within each round. Skipped (exit 0) when python3 with NumPy is not available.
 */
import { spawnSync } from 'node:child_process';
import { runBenchmarkFilter, train } from './lib/benchmark-filter.js';

const N = Number(process.env.PL_REF_PARTICLES ?? 1000);
const rounds = Number(process.env.PL_REF_ROUNDS ?? 3);
const python = process.env.PYTHON ?? 'python3';
const script = 'scripts/bench/pl_reference.py';
const oneThread = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

const probe = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', env: oneThread });
if (probe.error || probe.status !== 0) {
    console.log(
        `skipped: no ${python} with NumPy (${probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop()}); on Debian: apt-get install -y python3-numpy`
    );
    process.exit(0);
}

/** As the reference runs: resampling at every step, visited sticks refreshed. */
const filterRate = (seed: number) =>
    runBenchmarkFilter(N, 1, seed, { resampling: 'systematic', essThreshold: 1, refreshVisitedSticks: true });

const input = JSON.stringify({
    X: Array.from({ length: train.n }, (_, t) => Array.from(train.X.subarray(t * train.d, (t + 1) * train.d))),
    y: Array.from(train.y),
    particles: N,
    experts: 10,
    a0: 2,
    b0: 1,
    scale: 10,
    sweepEvery: 1
});

function referenceRate(seed: number): { rate: number; logZ: number } {
    const run = spawnSync(python, [script], {
        input: input.replace(/}$/, `,"seed":${seed}}`),
        encoding: 'utf8',
        env: oneThread,
        maxBuffer: 1 << 20
    });
    if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as { rate: number; logZ: number };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
    `filter vs NumPy reference (${python}, NumPy ${probe.stdout.trim()}): HSMOE-SYN-10x3, N=${N}, K=10, d=6, n=${train.n}, sweep every observation, one thread each`
);
filterRate(1); // JIT warm-up
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
    const ours = filterRate(7919 + r);
    const ref = referenceRate(7919 + r);
    ratios.push(ours.rate / ref.rate);
    console.log(
        `round ${r + 1}: filter ${fmt(ours.rate)} particle-obs/CPU s (log Z ${ours.logZ.toFixed(1)}), NumPy ${fmt(ref.rate)} (log Z ${ref.logZ.toFixed(1)}): ${(ours.rate / ref.rate).toFixed(2)}x`
    );
}
ratios.sort((a, b) => a - b);
console.log(
    `ratio filter / NumPy: median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}x (range ${ratios[0].toFixed(2)}-${ratios[ratios.length - 1].toFixed(2)}x over ${rounds} rounds)`
);
