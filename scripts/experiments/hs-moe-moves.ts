/**
 * What the resample-move step buys per CPU second on HSMOE-SYN-10x3 (docs/method.md §4.2), against
 * more particles and against more filters: one data set (data seed 20260114, the flagship
 * example's), 10 algorithm seeds per setting. Per setting: how many seeds recover the three
 * active experts (top-3 label-matched usage >= 0.95, each within +-0.07 of the data's own
 * allocation frequencies, matched by sorted order), the spread (max - min) and standard
 * deviation of log Z-hat over seeds, the median of the smallest ESS / N, and CPU seconds per fit.
 *
 * Run: npx esbuild scripts/experiments/hs-moe-moves.ts --bundle --platform=node --format=cjs \
 *        --outfile=/tmp/hs-moe-moves.cjs && SETTINGS=0,1 node /tmp/hs-moe-moves.cjs
 */
import { runParticleLearning } from '../../packages/engine/src/pl/run-particle-learning.js';
import { hsmoeSyn10x3, plPlan } from '../../test/engine/helpers/pl-fixtures.js';

interface Setting {
    label: string;
    particles: number;
    chains: number;
    rejuvenateEvery: number;
    schedule?: 'doubling' | 'every';
}
const SETTINGS: Setting[] = [
    { label: '1 filter x 1000, no move', particles: 1000, chains: 1, rejuvenateEvery: 0 },
    { label: '1 filter x 4000, no move', particles: 4000, chains: 1, rejuvenateEvery: 0 },
    { label: '4 filters x 1000, no move', particles: 1000, chains: 4, rejuvenateEvery: 0 },
    { label: '1 filter x 1000, move every 100', particles: 1000, chains: 1, rejuvenateEvery: 100, schedule: 'every' },
    { label: '1 filter x 1000, moves after 10, 20, 40, ...', particles: 1000, chains: 1, rejuvenateEvery: 10 },
    { label: '1 filter x 1000, moves after 5, 10, 20, ...', particles: 1000, chains: 1, rejuvenateEvery: 5 },
    { label: '4 filters x 500, moves after 10, 20, 40, ...', particles: 500, chains: 4, rejuvenateEvery: 10 },
    { label: '4 filters x 1000, moves after 10, 20, 40, ...', particles: 1000, chains: 4, rejuvenateEvery: 10 }
];
const SEEDS = Number(process.env.SEEDS ?? 10);
const chosen = process.env.SETTINGS ? process.env.SETTINGS.split(',').map(Number) : SETTINGS.map((_, i) => i);

const train = hsmoeSyn10x3(500, 20260114);
const empirical = new Array<number>(10).fill(0);
for (const z of train.z) empirical[z] += 1 / train.n;
const sortedEmpirical = [...empirical].sort((a, b) => b - a);

for (const index of chosen) {
    const s = SETTINGS[index];
    const logZ: number[] = [];
    const minEss: number[] = [];
    const cpu: number[] = [];
    let recovered = 0;
    for (let r = 0; r < SEEDS; r++) {
        const before = process.cpuUsage();
        const result = runParticleLearning(
            plPlan({
                particles: s.particles,
                chains: s.chains,
                rejuvenateEvery: s.rejuvenateEvery,
                rejuvenateSchedule: s.schedule ?? 'doubling',
                seed: 7919 + r
            }),
            train,
            undefined,
            {}
        );
        const used = process.cpuUsage(before);
        cpu.push((used.user + used.system) / 1e6);
        const top3 = result.sortedUsage.slice(0, 3);
        const ok =
            top3.reduce((a, b) => a + b, 0) >= 0.95 && top3.every((u, i) => Math.abs(u - sortedEmpirical[i]) <= 0.07);
        if (ok) recovered++;
        logZ.push(result.logMarginalLikelihood);
        minEss.push(Math.min(...result.chains.map(c => c.minEss)) / s.particles);
        console.error(
            `  ${s.label} seed ${7919 + r}: top-3 ${top3.map(u => u.toFixed(3)).join(' ')} log Z ${result.logMarginalLikelihood.toFixed(1)} min ESS/N ${minEss[r].toFixed(3)} ${cpu[r].toFixed(1)} s`
        );
    }
    const mean = logZ.reduce((a, b) => a + b, 0) / SEEDS;
    const sd = Math.sqrt(logZ.reduce((a, b) => a + (b - mean) ** 2, 0) / (SEEDS - 1));
    const median = [...minEss].sort((a, b) => a - b)[Math.floor(SEEDS / 2)];
    const cpuMean = cpu.reduce((a, b) => a + b, 0) / SEEDS;
    console.log(
        `| ${s.label} | ${recovered}/${SEEDS} | ${(Math.max(...logZ) - Math.min(...logZ)).toFixed(1)} | ${sd.toFixed(1)} | ${mean.toFixed(1)} | ${median.toFixed(3)} | ${cpuMean.toFixed(1)} |`
    );
}
