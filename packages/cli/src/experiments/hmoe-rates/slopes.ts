/**
 * Slopes of log(mean or median statistic) against log n for every gate combination over a window of sizes,
 * and their differences, with a paired percentile bootstrap: each draw resamples replicate
 * indices within each size once and uses them for every combination, because replicate r at
 * size n shares its data seed across combinations (common random numbers).
 */
import type { Rng } from '@moe-studio/engine';
import { leastSquaresLine } from '../hmoe-shared/slope.js';
import type { Combination } from './design.js';

/** values[combination][size index][replicate]; NaN where a fit is missing. */
export type StatisticTable = Record<Combination, number[][]>;

export interface WindowSlopes {
    smallestN: number;
    sizes: number;
    slopes: Record<Combination, { slope: number; lower: number; upper: number }>;
    differences: Array<{ contrast: string; difference: number; lower: number; upper: number }>;
}

const CONTRASTS: Array<[Combination, Combination]> = [
    ['LL', 'SS'],
    ['LL', 'SL'],
    ['SL', 'SS']
];

function quantile(sorted: number[], q: number): number {
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;
}

function slopeOf(logN: number[], means: number[]): number {
    const x: number[] = [];
    const y: number[] = [];
    means.forEach((m, s) => {
        if (m > 0 && Number.isFinite(m)) {
            x.push(logN[s]!);
            y.push(Math.log(m));
        }
    });
    return x.length >= 2 ? leastSquaresLine(x, y).slope : NaN;
}

export type Centre = 'mean' | 'median';

export function windowSlopes(
    table: StatisticTable,
    sizes: number[],
    smallestN: number,
    draws: number,
    rng: Rng,
    centre: Centre = 'mean'
): WindowSlopes {
    const keep = sizes.map((n, s) => (n >= smallestN ? s : -1)).filter(s => s >= 0);
    const logN = keep.map(s => Math.log(sizes[s]!));
    const combinations = Object.keys(table) as Combination[];
    const meanOf = (values: number[], picks?: number[]): number => {
        const chosen = (picks ?? values.map((_, r) => r)).map(r => values[r]!).filter(v => !Number.isNaN(v));
        if (chosen.length === 0) return NaN;
        if (centre === 'median') {
            chosen.sort((u, v) => u - v);
            const h = chosen.length >> 1;
            return chosen.length % 2 === 1 ? chosen[h]! : (chosen[h - 1]! + chosen[h]!) / 2;
        }
        return chosen.reduce((a, b) => a + b, 0) / chosen.length;
    };
    const point = Object.fromEntries(
        combinations.map(c => [
            c,
            slopeOf(
                logN,
                keep.map(s => meanOf(table[c][s]!))
            )
        ])
    ) as Record<Combination, number>;
    const boot = Object.fromEntries(combinations.map(c => [c, [] as number[]])) as Record<Combination, number[]>;
    const bootDiff = CONTRASTS.map(() => [] as number[]);
    for (let b = 0; b < draws; b++) {
        const picks = keep.map(s => {
            const R = table[combinations[0]!][s]!.length;
            return Array.from({ length: R }, () => rng.integer(R));
        });
        const slope = Object.fromEntries(
            combinations.map(c => [
                c,
                slopeOf(
                    logN,
                    keep.map((s, k) => meanOf(table[c][s]!, picks[k]))
                )
            ])
        ) as Record<Combination, number>;
        for (const c of combinations) boot[c].push(slope[c]);
        CONTRASTS.forEach(([a, z], k) => {
            if (a in slope && z in slope) bootDiff[k]!.push(slope[a] - slope[z]);
        });
    }
    const slopes = Object.fromEntries(
        combinations.map(c => {
            const sorted = boot[c].filter(Number.isFinite).sort((u, v) => u - v);
            return [c, { slope: point[c], lower: quantile(sorted, 0.025), upper: quantile(sorted, 0.975) }];
        })
    ) as WindowSlopes['slopes'];
    const differences = CONTRASTS.flatMap(([a, z], k) => {
        if (!(a in point && z in point)) return [];
        const sorted = bootDiff[k]!.filter(Number.isFinite).sort((u, v) => u - v);
        return [
            {
                contrast: `${a} - ${z}`,
                difference: point[a] - point[z],
                lower: quantile(sorted, 0.025),
                upper: quantile(sorted, 0.975)
            }
        ];
    });
    return { smallestN, sizes: keep.length, slopes, differences };
}
