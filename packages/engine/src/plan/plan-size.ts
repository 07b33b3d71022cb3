/**
 * What a fit needs before it starts: an estimate of its memory (the filters' particles, the
 * per-observation traces, the data) against the machine's, and bounds on counts that would run
 * for ever. One estimator for `moe check` (from the model, rows possibly unknown) and for plan
 * loading (from the plan), so both refuse the same fits and say what to change.
 */
import { totalmem } from 'node:os';
import { particleLayout } from '../pl/particle-layout.js';
import { traceBinWidth } from '../pl/trace-bins.js';

/** The sizes of a fit that decide its memory. */
export interface FitShape {
    algorithm: 'particle-learning' | 'em';
    experts: number;
    family: 'gaussian' | 'bernoulli';
    /** Design columns, intercept included. */
    dimension: number;
    horseshoe: boolean;
    /** Training rows; undefined when not known yet (a CSV file at check time). */
    rows: number | undefined;
    testRows: number;
    particles: number;
    chains: number;
    rejuvenate: boolean;
    restarts: number;
}

/** EM starts beyond this would run for days; no fit needs them. */
export const MAX_RESTARTS = 10_000;
/** Share of the machine's memory a fit may plan for (the rest is the runtime, the pool, the OS). */
const MEMORY_SHARE = 0.75;

export interface SizePart {
    what: string;
    bytes: number;
}

/** Bytes each part of the fit needs, estimated from its sizes. */
export function estimateFitBytes(shape: FitShape): SizePart[] {
    const n = shape.rows ?? 0;
    const K = shape.experts;
    const d = shape.dimension;
    const parts: SizePart[] = [
        { what: `data (${n + shape.testRows} rows of ${d} columns)`, bytes: 8 * (n + shape.testRows) * (d + 1) }
    ];
    if (shape.algorithm === 'particle-learning') {
        const layout = particleLayout(K, d, shape.family, d, shape.horseshoe);
        // As run-particle-learning.ts reserves it: state, expert block ids, allocation history, two pooled copies.
        const perParticle = 8 * layout.stride + 4 * K + (shape.rejuvenate ? 2 * n : 0);
        parts.push({
            what: `${shape.chains} filters of ${shape.particles} particles, ${perParticle} bytes each`,
            bytes: 3 * shape.chains * shape.particles * perParticle
        });
        // Per bin of observations (at most MAX_TRACE_BINS) and filter: count, ESS min/sum/max, evidence,
        // resamplings and the allocation over K experts (pl/trace-bins.ts).
        const bins = Math.ceil(n / traceBinWidth(n));
        parts.push({
            what: `traces (${shape.chains} filters x ${bins} bins x ${K} experts)`,
            bytes: shape.chains * bins * 8 * (6 + K)
        });
    } else {
        // Responsibilities, their logs and the gate's working arrays: a few n x K arrays per start alive at once.
        parts.push({ what: `EM working arrays (${n} rows x ${K} experts)`, bytes: 4 * 8 * n * K });
    }
    return parts;
}

/** The memory a fit may plan for on this machine. */
export function memoryBudget(): number {
    return MEMORY_SHARE * totalmem();
}

/** Why a fit of this shape cannot run here, naming the setting to change; undefined if it can. */
export function fitSizeProblem(
    shape: FitShape,
    budget = memoryBudget()
): { field: 'particles' | 'experts' | 'restarts' | 'data'; message: string } | undefined {
    if (shape.algorithm === 'em' && shape.restarts > MAX_RESTARTS) {
        return {
            field: 'restarts',
            message: `${shape.restarts} EM restarts would run for days; at most ${MAX_RESTARTS} are allowed`
        };
    }
    const parts = estimateFitBytes(shape);
    const total = parts.reduce((sum, p) => sum + p.bytes, 0);
    if (total <= budget) return undefined;
    const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    // A particle too large to hold even one per filter is too many experts, not too many particles.
    const oneParticle = largest.bytes / Math.max(1, shape.particles);
    const field = largest.what.startsWith('data')
        ? 'data'
        : largest.what.startsWith('EM') ||
            largest.what.startsWith('traces') ||
            (largest.what.includes('particles') && oneParticle > budget)
          ? 'experts'
          : 'particles';
    const advice = {
        particles: shape.chains > 1 ? 'use fewer particles or filters (chains)' : 'use fewer particles',
        experts: 'use fewer experts or fewer rows',
        data: 'use fewer rows',
        restarts: ''
    }[field];
    return {
        field,
        message:
            `this fit needs about ${gib(total)} GiB (${parts
                .filter(p => p.bytes > 0)
                .map(p => `${p.what}: ${gib(p.bytes)} GiB`)
                .join('; ')}), ` +
            `more than the ${gib(budget)} GiB it may use on this machine (${Math.round(100 * MEMORY_SHARE)}% of its memory): ${advice}`
    };
}

function gib(bytes: number): string {
    const g = bytes / 2 ** 30;
    return g >= 100 ? g.toExponential(2) : g.toFixed(g < 0.1 ? 3 : 1);
}
