/**
 * The compiler: a pure function from a valid model to its execution plan. Every default is filled
 * in from the catalogue, every reference resolved, every path made absolute. Objects are built in
 * the key order of the plan's type, so compiling twice gives byte-identical JSON.
 */
import { dirname, resolve } from 'node:path';
import {
    PLAN_VERSION,
    type BernoulliExpertsSpec,
    type CsvSource,
    type ExecutionPlan,
    type ExpertsSpec,
    type GateKind,
    type GatePrior,
    type GateSpec,
    type GaussianExpertsSpec,
    type HierarchicalSource,
    type InferenceSpec,
    type ResamplingScheme,
    type ShiftSource,
    type SourceSpec,
    type SparseExpertsSource,
    type StreamSpec
} from '@moe-studio/engine/plan';
import { isSplitPart, type Model, type SplitPart, type Stream } from '../generated/ast.js';
import { modelParts, sourceDecl, testStream, trainStream, type ModelParts } from '../model/model-parts.js';
import { nestedNumbersOf, numberOf } from '../model/values.js';
import { bool, num, numbers, str, sub, viewOfCall, type CallView } from './call-view.js';

export interface CompileOptions {
    /** Absolute path of the model's .moe file (CSV paths are relative to its folder). */
    source: string;
    /** Number of data rows of a CSV file, for splits by fraction (the only file access compiling needs). */
    csvRowCount: (absolutePath: string) => number;
}

export const DEFAULT_INTERVALS = [0.5, 0.9];

/** Compiles a model that validated without errors; throws on anything a valid model cannot contain. */
export function compileModel(model: Model, options: CompileOptions): ExecutionPlan {
    const parts = modelParts(model);
    const train = trainStream(parts);
    if (!train) throw new Error('internal: the model has no training stream');
    const test = testStream(parts);
    const trainSpec = compileStream(train, options);
    const dimension = designDimension(trainSpec.source);
    const plan: ExecutionPlan = {
        planVersion: PLAN_VERSION,
        model: { name: model.name, source: options.source },
        data: test ? { train: trainSpec, test: compileStream(test, options) } : { train: trainSpec },
        experts: compileExperts(parts, dimension),
        gate: compileGate(parts),
        inference: compileInference(parts),
        predictive: { intervals: compileIntervals(parts) }
    };
    return plan;
}

export function serializePlan(plan: ExecutionPlan): string {
    return JSON.stringify(plan, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Data

function compileStream(stream: Stream, options: CompileOptions): StreamSpec {
    const decl = sourceDecl(stream);
    if (!decl) throw new Error(`internal: stream '${stream.name}' has no source`);
    const source = compileSource(viewOfCall(decl.source), options);
    const line = (stream.$cstNode?.range.start.line ?? 0) + 1;
    if (!isSplitPart(stream)) return { name: stream.name, source, line };
    const count = sourceRowCount(source, options);
    const rows = splitRows(stream, count);
    if (rows.end - rows.start < 1) {
        throw new Error(
            `the split part '${stream.name}' (line ${line}) gets no rows of the ${count} in its source; give it a larger fraction.`
        );
    }
    return { name: stream.name, source, rows, line };
}

function compileSource(view: CallView, options: CompileOptions): SourceSpec {
    switch (view.callee) {
        case 'csv': {
            const standardize = bool(view, 'standardize');
            const source: CsvSource = {
                kind: 'csv',
                path: resolve(dirname(options.source), str(view, 'path')),
                target: str(view, 'target'),
                inputs: view.get('inputs') as string[],
                intercept: bool(view, 'intercept'),
                standardize,
                standardizeTarget: bool(view, 'standardize_target')
            };
            return source;
        }
        case 'sparse_experts': {
            const source: SparseExpertsSource = {
                kind: 'sparse-experts',
                experts: num(view, 'experts'),
                active: num(view, 'active'),
                n: num(view, 'n'),
                inputs: num(view, 'inputs'),
                noise: num(view, 'noise'),
                inactiveNoise: num(view, 'inactive_noise'),
                inactiveBias: num(view, 'inactive_bias'),
                temperature: num(view, 'temperature'),
                intercept: bool(view, 'intercept'),
                seed: num(view, 'seed')
            };
            return source;
        }
        case 'hierarchical': {
            const innerWeights = numbers(view, 'inner_weights') as number[][][];
            const innerBias = numbers(view, 'inner_bias') as number[][];
            const coefficients = numbers(view, 'coefficients') as number[][][];
            const variances = numbers(view, 'variances') as number[][];
            const inner = view.get('inner');
            const innerGates = (Array.isArray(inner) ? inner : innerWeights.map(() => inner)) as GateKind[];
            const source: HierarchicalSource = {
                kind: 'hierarchical',
                n: num(view, 'n'),
                inputs: num(view, 'inputs'),
                inputRange: { low: num(view, 'low'), high: num(view, 'high') },
                outer: {
                    gate: str(view, 'outer') as GateKind,
                    weights: numbers(view, 'outer_weights') as number[][],
                    bias: numbers(view, 'outer_bias') as number[]
                },
                inner: innerWeights.map((weights, i) => ({ gate: innerGates[i], weights, bias: innerBias[i] })),
                experts: coefficients.map((row, i) =>
                    row.map((c, j) => ({ coefficients: c, variance: variances[i][j] }))
                ),
                intercept: bool(view, 'intercept'),
                seed: num(view, 'seed')
            };
            return source;
        }
        case 'shift': {
            const noise = num(view, 'noise');
            const afterNoise = num(view, 'after_noise');
            const source: ShiftSource = {
                kind: 'shift',
                n: num(view, 'n'),
                inputs: num(view, 'inputs'),
                shiftAt: num(view, 'shift_at'),
                before: { coefficients: numbers(view, 'before') as number[], variance: noise * noise },
                after: {
                    coefficients: numbers(view, 'after') as number[],
                    variance: afterNoise * afterNoise
                },
                intercept: bool(view, 'intercept'),
                seed: num(view, 'seed')
            };
            return source;
        }
        default:
            throw new Error(`internal: unknown data source '${view.callee}'`);
    }
}

/** Number of data rows a source holds. */
export function sourceRowCount(source: SourceSpec, options: Pick<CompileOptions, 'csvRowCount'>): number {
    return source.kind === 'csv' ? options.csvRowCount(source.path) : source.n;
}

/**
 * Rows of a split part: `rows(start, end)` as written, or a fraction of the source's rows; the
 * fractions take consecutive ranges in the order the parts are written.
 */
function splitRows(part: SplitPart, count: number): { start: number; end: number } {
    const share = part.share;
    if (share.$type === 'Call') {
        const view = viewOfCall(share);
        return { start: num(view, 'start'), end: num(view, 'end') };
    }
    const split = part.$container;
    let before = 0;
    for (const p of split.parts) {
        if (p === part) break;
        before += numberOf(p.share) ?? 0;
    }
    const fraction = numberOf(share) ?? 0;
    return { start: Math.round(before * count), end: Math.min(count, Math.round((before + fraction) * count)) };
}

export function designDimension(source: SourceSpec): number {
    const inputs = source.kind === 'csv' ? source.inputs.length : source.inputs;
    return inputs + (source.intercept ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Experts, gate, inference

function compileExperts(parts: ModelParts, dimension: number): ExpertsSpec {
    const view = viewOfCall(parts.experts[0].family);
    const coefficients = sub(view, 'coefficients');
    const mean = broadcast(numbers(coefficients, 'mean'), dimension);
    if (view.callee === 'bernoulli') {
        const spec: BernoulliExpertsSpec = {
            family: 'bernoulli',
            count: num(view, 'count'),
            dimension,
            prior: { kind: 'normal', mean, variance: num(coefficients, 'variance') }
        };
        return spec;
    }
    const variance = sub(view, 'variance');
    const spec: GaussianExpertsSpec = {
        family: 'gaussian',
        count: num(view, 'count'),
        dimension,
        prior: {
            kind: 'normal-inverse-gamma',
            mean,
            scale: num(coefficients, 'variance'),
            shape: num(variance, 'shape'),
            rate: num(variance, 'rate')
        }
    };
    return spec;
}

function broadcast(value: unknown, dimension: number): number[] {
    return Array.isArray(value) ? value.map(Number) : new Array<number>(dimension).fill(Number(value));
}

function compileGate(parts: ModelParts): GateSpec {
    const gate = parts.gates[0];
    if (!gate) {
        // A single expert (the conjugate regression) needs no gate: zero sticks, or a one-leaf tree under EM.
        const em = viewOfCall(parts.fits[0].method).callee === 'em';
        return em
            ? { type: 'hierarchical', outer: { gate: 'softmax', branches: 1 }, inner: { gate: 'softmax', branches: 1 } }
            : { type: 'stick-breaking', prior: defaultHorseshoe() };
    }
    const view = viewOfCall(gate.gate);
    switch (view.callee) {
        case 'stick_breaking':
            return { type: 'stick-breaking', prior: compileGatePrior(sub(view, 'prior')) };
        case 'softmax':
        case 'laplace':
            return {
                type: 'hierarchical',
                outer: { gate: view.callee, branches: 1 },
                inner: { gate: view.callee, branches: num(view, 'branches') }
            };
        case 'hierarchy': {
            const outer = sub(view, 'outer');
            const inner = sub(view, 'inner');
            return {
                type: 'hierarchical',
                outer: { gate: outer.callee as GateKind, branches: num(outer, 'branches') },
                inner: { gate: inner.callee as GateKind, branches: num(inner, 'branches') }
            };
        }
        default:
            throw new Error(`internal: unknown gate '${view.callee}'`);
    }
}

function defaultHorseshoe(): GatePrior {
    return { kind: 'horseshoe', globalScale: 1, localScale: 1, shrinkIntercept: true };
}

function compileGatePrior(prior: CallView): GatePrior {
    if (prior.callee === 'normal') {
        return { kind: 'normal', mean: Number(numbers(prior, 'mean')), variance: num(prior, 'variance') };
    }
    return {
        kind: 'horseshoe',
        globalScale: num(sub(prior, 'global'), 'scale'),
        localScale: num(sub(prior, 'local'), 'scale'),
        shrinkIntercept: bool(prior, 'shrink_intercept')
    };
}

function compileInference(parts: ModelParts): InferenceSpec {
    const view = viewOfCall(parts.fits[0].method);
    if (view.callee === 'particle_learning') {
        return {
            algorithm: 'particle-learning',
            particles: num(view, 'particles'),
            resampling: str(view, 'resampling') as ResamplingScheme,
            essThreshold: num(view, 'ess_threshold'),
            refreshVisitedSticks: bool(view, 'refresh_visited'),
            sweepEvery: num(view, 'sweep_every'),
            chains: num(view, 'chains'),
            rejuvenateEvery: num(view, 'rejuvenate_every'),
            rejuvenateSchedule: str(view, 'rejuvenate_schedule') === 'every' ? 'every' : 'doubling',
            // Written only when the model forgets, so plans of static models read as before (absent = 1).
            ...(num(view, 'forgetting') < 1 ? { forgetting: num(view, 'forgetting') } : {}),
            seed: num(view, 'seed')
        };
    }
    return {
        algorithm: 'em',
        maxIterations: num(view, 'max_iterations'),
        tolerance: num(view, 'tolerance'),
        restarts: num(view, 'restarts'),
        initialization: str(view, 'initialization') === 'random' ? 'random' : 'flat-mixture',
        seed: num(view, 'seed')
    };
}

function compileIntervals(parts: ModelParts): number[] {
    const intervals = parts.predicts[0]?.intervals;
    const values = intervals ? nestedNumbersOf(intervals) : undefined;
    return Array.isArray(values) ? values.map(Number) : [...DEFAULT_INTERVALS];
}
