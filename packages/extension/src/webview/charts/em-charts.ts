/**
 * Charts of an EM fit of a hierarchical MoE (docs/method.md §5): log-likelihood per iteration, and the
 * fitted gating probabilities of every leaf against one input, the others held at their means.
 */
import * as Plot from '@observablehq/plot';
import type { EmGateLevelFit, EmResult } from '@moe-studio/engine';
import type { InputRange } from '../../shared/messages.js';
import type { Theme } from '../theme.js';
import { seriesColor } from '../theme.js';
import { gridRule, themedPlot } from './plot-frame.js';
import type { Chart } from './plot-frame.js';

export function logLikelihoodChart(
    trace: Array<{ iteration: number; logLikelihood: number }>,
    theme: Theme,
    width: number
): Chart {
    return themedPlot(theme, {
        width,
        x: { label: 'EM iteration', nice: false },
        y: { label: 'log-likelihood' },
        marks: [
            gridRule(theme),
            Plot.lineY(trace, {
                x: 'iteration',
                y: 'logLikelihood',
                stroke: theme.accent,
                strokeWidth: 1.4,
                marker: trace.length <= 60 ? 'circle' : undefined
            })
        ]
    });
}

/** Gate scores: softmax a·x + b; Laplace -||a - x|| + b (docs/method.md §5.1). */
function gateProbabilities(level: EmGateLevelFit, x: number[]): number[] {
    const scores = level.weights.map((a, k) => {
        if (level.gate === 'softmax') return a.reduce((s, ak, j) => s + ak * x[j], 0) + level.bias[k];
        let sq = 0;
        for (let j = 0; j < a.length; j++) sq += (a[j] - x[j]) ** 2;
        return -Math.sqrt(sq) + level.bias[k];
    });
    const m = Math.max(...scores);
    const e = scores.map(s => Math.exp(s - m));
    const z = e.reduce((s, v) => s + v, 0);
    return e.map(v => v / z);
}

/** Names of the gate's inputs: the design columns without the intercept. */
export function gateInputNames(result: EmResult): string[] {
    const p = result.gates.outer.weights[0]?.length ?? 0;
    const names = result.inputs[0] === '(intercept)' ? result.inputs.slice(1) : result.inputs;
    return names.length === p ? names : Array.from({ length: p }, (_, j) => `x${j + 1}`);
}

/** Where to draw the curves: the input's known range when there is one, else one guessed from the gates. */
export function gatingRange(
    result: EmResult,
    input: number,
    known?: InputRange[]
): { range: InputRange; assumed: boolean } {
    const given = known?.[input];
    if (given) return { range: given, assumed: false };
    const centres =
        result.gates.outer.gate === 'laplace' || result.gates.inner.some(g => g.gate === 'laplace')
            ? [result.gates.outer, ...result.gates.inner]
                  .filter(g => g.gate === 'laplace')
                  .flatMap(g => g.weights.map(w => w[input]))
            : [];
    if (centres.length > 0) {
        const lo = Math.min(...centres),
            hi = Math.max(...centres),
            pad = Math.max(1, (hi - lo) * 0.5);
        return { range: { min: lo - pad, max: hi + pad, mean: (lo + hi) / 2 }, assumed: true };
    }
    return { range: { min: -3, max: 3, mean: 0 }, assumed: true };
}

export function gatingChart(
    result: EmResult,
    input: number,
    theme: Theme,
    width: number,
    known?: InputRange[]
): { chart: Chart; assumed: boolean } {
    const p = result.gates.outer.weights[0]?.length ?? 0;
    const means = Array.from({ length: p }, (_, j) => gatingRange(result, j, known).range.mean);
    const { range, assumed } = gatingRange(result, input, known);
    const rows: Array<{ x: number; leaf: string; p: number }> = [];
    const steps = 160;
    for (let s = 0; s <= steps; s++) {
        const xv = range.min + ((range.max - range.min) * s) / steps;
        const x = means.slice();
        x[input] = xv;
        const outer = gateProbabilities(result.gates.outer, x);
        result.gates.inner.forEach((level, i) => {
            const inner = gateProbabilities(level, x);
            inner.forEach((q, l) => rows.push({ x: xv, leaf: `(${i + 1},${l + 1})`, p: outer[i] * q }));
        });
    }
    const leaves = [...new Set(rows.map(r => r.leaf))];
    const chart = themedPlot(theme, {
        width,
        x: { label: gateInputNames(result)[input] ?? `x${input + 1}`, nice: false },
        y: { label: 'gating probability', domain: [0, 1] },
        color: { type: 'ordinal', domain: leaves, range: leaves.map((_, j) => seriesColor(theme, j)) },
        marks: [gridRule(theme), Plot.lineY(rows, { x: 'x', y: 'p', stroke: 'leaf', strokeWidth: 1.6 })]
    });
    return { chart, assumed };
}
