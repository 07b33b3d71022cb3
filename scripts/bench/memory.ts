/**
 * Memory: peak resident set of `moe run --json` (the built CLI, a process of its own) on a
 * generated CSV of 1e5 and 1e6 rows, particle learning with one filter of 50 particles, and of
 * 2,000 rows with 50 and 20,050 particles. Printed: each peak, bytes per observation (the slope
 * from 1e5 to 1e6 rows) and bytes per particle (the slope over 20,000 particles: a particle holds
 * a few hundred bytes, and fewer would drown in the runtime's own variation). The aim is a peak at
 * 1e6 rows within 1.5 times that at 1e5: the traces are binned, the data are typed columns.
 * `MOE_BENCH_MEMORY_ROWS=100000,300000` measures other sizes.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { Rng } from '../../packages/engine/src/random/rng.js';

const cli = resolve('packages/cli/dist/moe.cjs');
const sizes = (process.env.MOE_BENCH_MEMORY_ROWS ?? '100000,1000000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'moe-bench-memory-'));
const PARTICLE_ROWS = 2000;
const EXTRA_PARTICLES = 20_000;

/** Two regimes split by the sign of x1, so the fit has work to do. */
async function writeCsv(path: string, rows: number): Promise<void> {
    const rng = new Rng(1, 'bench-memory');
    const out = createWriteStream(path);
    out.write('x1,x2,y\n');
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
        const x1 = rng.normal(),
            x2 = rng.normal();
        const y = (x1 > 0 ? 1 + 2 * x2 : -1 - x2) + 0.3 * rng.normal();
        chunk.push(`${x1.toFixed(5)},${x2.toFixed(5)},${y.toFixed(5)}`);
        if (chunk.length === 10_000) {
            if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
            chunk = [];
        }
    }
    out.end(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
    await once(out, 'finish');
}

function model(csv: string, particles: number): string {
    return `model bench_memory {
    data train = csv("${csv}", target = y, inputs = [x1, x2], intercept = true)
    experts y ~ gaussian(count = 3, coefficients = normal(mean = 0, variance = 10), variance = inverse_gamma(shape = 2, rate = 1))
    gate ~ stick_breaking(prior = normal(mean = 0, variance = 1))
    fit particle_learning(particles = ${particles}, chains = 1, seed = 1) on train
}
`;
}

// Preloaded into the CLI's process: its peak resident set (all threads) once it exits.
const probe = join(dir, 'max-rss.cjs');
writeFileSync(
    probe,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.MOE_MAX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));\n"
);

function peak(rows: number, particles: number): { bytes: number; seconds: number; jsonBytes: number } {
    const file = join(dir, `m-${rows}-${particles}.moe`);
    writeFileSync(file, model(`d-${rows}.csv`, particles));
    const out = join(dir, `r-${rows}-${particles}.json`);
    const rssFile = join(dir, 'rss');
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--require', probe, cli, 'run', file, '--json', out, '--quiet'], {
        env: { ...process.env, MOE_MAX_RSS_FILE: rssFile },
        encoding: 'utf8'
    });
    if (run.status !== 0) throw new Error(`moe run exited ${run.status}: ${run.stderr}`);
    return {
        bytes: Number(readFileSync(rssFile, 'utf8')),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        jsonBytes: statSync(out).size
    };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
try {
    for (const rows of [...sizes, PARTICLE_ROWS]) await writeCsv(join(dir, `d-${rows}.csv`), rows);
    const peaks = sizes.map(rows => ({ rows, ...peak(rows, 50) }));
    for (const p of peaks)
        console.log(
            `${p.rows.toLocaleString('en-US')} rows, 50 particles: peak RSS ${mb(p.bytes)}, result ${mb(p.jsonBytes)}, ${p.seconds.toFixed(1)} s`
        );
    const [small, large] = [peaks[0], peaks[peaks.length - 1]];
    if (large.rows > small.rows) {
        console.log(
            `bytes per observation: ${Math.round((large.bytes - small.bytes) / (large.rows - small.rows))}; peak ratio ${(large.bytes / small.bytes).toFixed(2)} (aim <= 1.5)`
        );
    }
    const few = peak(PARTICLE_ROWS, 50);
    const many = peak(PARTICLE_ROWS, 50 + EXTRA_PARTICLES);
    console.log(
        `${PARTICLE_ROWS.toLocaleString('en-US')} rows: peak RSS ${mb(few.bytes)} with 50 particles, ${mb(many.bytes)} with ${50 + EXTRA_PARTICLES}; bytes per particle: ${Math.round((many.bytes - few.bytes) / EXTRA_PARTICLES)}`
    );
} finally {
    rmSync(dir, { recursive: true, force: true });
}
