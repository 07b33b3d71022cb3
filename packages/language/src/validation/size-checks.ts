/**
 * A fit that cannot fit in memory, or would run for ever, is an error at check time: the engine's
 * estimator (the same one plan loading uses) applied to the model's sizes. Rows of a CSV file are
 * not read here (validation runs on every keystroke), so for those only the particles count.
 */
import type { ValidationAcceptor } from 'langium';
import { fitSizeProblem, type FitShape } from '@moe-studio/engine/plan';
import type { Call, Model, Stream } from '../generated/ast.js';
import { isSplitPart } from '../generated/ast.js';
import { modelParts, sourceDecl, testStream, trainStream } from '../model/model-parts.js';
import { argumentsByName, numberOf } from '../model/values.js';
import { viewOfCall, type CallView } from '../compiler/call-view.js';

export function checkFitSize(model: Model, accept: ValidationAcceptor): void {
    const parts = modelParts(model);
    const fit = parts.fits[0]?.method;
    const family = parts.experts[0]?.family;
    const train = trainStream(parts);
    if (!fit?.callee || !family?.callee || !train) return;
    const fitView = viewOfCall(fit);
    const familyView = viewOfCall(family);
    const gate = parts.gates[0]?.gate;
    const prior = gate ? viewOfCall(gate).get('prior') : undefined;
    const count = (view: CallView, name: string) => {
        const v = view.get(name);
        return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const experts = count(familyView, 'count');
    const dimension = streamDimension(train);
    if (experts === undefined || dimension === undefined) return;
    const algorithm = fit.callee === 'em' ? 'em' : fit.callee === 'particle_learning' ? 'particle-learning' : undefined;
    if (!algorithm) return;
    const test = testStream(parts);
    const shape: FitShape = {
        algorithm,
        experts,
        family: family.callee === 'bernoulli' ? 'bernoulli' : 'gaussian',
        dimension,
        horseshoe: typeof prior === 'object' && prior !== null && !Array.isArray(prior) && prior.callee === 'horseshoe',
        rows: streamRows(train),
        testRows: (test && streamRows(test)) ?? 0,
        particles: algorithm === 'particle-learning' ? (count(fitView, 'particles') ?? 0) : 0,
        chains: algorithm === 'particle-learning' ? (count(fitView, 'chains') ?? 1) : 1,
        rejuvenate: (count(fitView, 'rejuvenate_every') ?? 0) > 0,
        restarts: algorithm === 'em' ? (count(fitView, 'restarts') ?? 1) : 0
    };
    const problem = fitSizeProblem(shape);
    if (!problem) return;
    const message = `${problem.message[0].toUpperCase()}${problem.message.slice(1)}.`;
    const argument = sizeArgument(problem.field, fit, family);
    if (argument) accept('error', message, { node: argument });
    else accept('error', message, { node: fit, property: 'callee' });
}

function sizeArgument(field: string, fit: Call, family: Call) {
    const name =
        field === 'particles'
            ? 'particles'
            : field === 'restarts'
              ? 'restarts'
              : field === 'experts'
                ? 'count'
                : undefined;
    const call = field === 'experts' ? family : fit;
    return name ? argumentsByName(call).get(name) : undefined;
}

/** Design columns of a stream's source, intercept included. */
function streamDimension(stream: Stream): number | undefined {
    const source = sourceDecl(stream)?.source;
    if (!source?.callee) return undefined;
    const view = viewOfCall(source);
    const intercept = view.get('intercept') === true ? 1 : 0;
    if (source.callee === 'csv') {
        const inputs = view.get('inputs');
        return Array.isArray(inputs) ? inputs.length + intercept : undefined;
    }
    const inputs = view.get('inputs');
    return typeof inputs === 'number' ? inputs + intercept : undefined;
}

/** Rows of a stream when the model states them; undefined for a CSV file. */
function streamRows(stream: Stream): number | undefined {
    const source = sourceDecl(stream)?.source;
    if (!source?.callee || source.callee === 'csv') return undefined;
    const n = viewOfCall(source).get('n');
    if (typeof n !== 'number' || !Number.isFinite(n)) return undefined; // a literal out of range is reported by itself
    if (!isSplitPart(stream)) return n;
    const share = stream.share;
    if (share?.$type === 'Call') {
        const view = viewOfCall(share as Call);
        const start = view.get('start');
        const end = view.get('end');
        return typeof start === 'number' && typeof end === 'number' ? Math.max(0, end - start) : undefined;
    }
    const fraction = numberOf(share);
    return fraction === undefined ? undefined : Math.round(fraction * n);
}
