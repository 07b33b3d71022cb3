// `npm run bench`: bundle every scripts/bench/*.ts with esbuild into out/bench/ and run them one
// after another with node (one process each, so one benchmark's heap and JIT state do not
// colour the next), after a header that says which machine the figures come from.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';

const benchDir = 'scripts/bench';
const outDir = 'out/bench';
const only = process.argv.slice(2);

const scripts = existsSync(benchDir)
    ? readdirSync(benchDir)
          .filter(f => f.endsWith('.ts'))
          .sort()
          .filter(f => only.length === 0 || only.some(name => f.includes(name)))
    : [];

const cores = cpus();
console.log('MoE Studio benchmarks');
console.log(
    `machine: ${cores[0]?.model ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version} (${process.platform}-${process.arch})`
);
console.log(`date: ${new Date().toISOString()}`);
if (scripts.length === 0) {
    console.log(`no benchmarks found in ${benchDir}/`);
    process.exit(0);
}

let failed = 0;
for (const script of scripts) {
    const name = basename(script, '.ts');
    const outfile = join(outDir, `${name}.mjs`);
    console.log(`\n== ${name}`);
    try {
        // ESM so benchmarks may use top-level await; `require` is provided for bundled CommonJS deps.
        // piscina is loaded from node_modules, never bundled (esbuild.mjs says why).
        await esbuild.build({
            entryPoints: [join(benchDir, script)],
            outfile,
            bundle: true,
            platform: 'node',
            format: 'esm',
            target: 'node20',
            sourcemap: true,
            logLevel: 'warning',
            external: ['vscode', 'piscina'],
            banner: {
                js: "import { createRequire as __moeCreateRequire } from 'node:module'; const require = __moeCreateRequire(import.meta.url);"
            }
        });
    } catch {
        failed++;
        console.log(`!! ${name} did not build`);
        continue;
    }
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) {
        failed++;
        console.log(`!! ${name} failed (exit ${run.status ?? run.signal})`);
    } else {
        console.log(`(${name}: ${seconds.toFixed(1)} s)`);
    }
}
process.exit(failed > 0 ? 1 : 0);
