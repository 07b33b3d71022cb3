/**
 * Checks of a model as a whole: its parts are all there once, the streams it fits and checks on
 * are known and compatible, the experts, gate and inference method can run together, and the
 * generators' settings agree with each other.
 */
import type { ValidationAcceptor } from 'langium';
import {
    isCall,
    isListValue,
    isNumberValue,
    type Call,
    type Model,
    type PredictDecl,
    type SplitDecl,
    type Value
} from '../generated/ast.js';
import { lookupCallable } from '../catalogue/registry.js';
import { IssueCodes } from '../issue-codes.js';
import {
    modelParts,
    sourceDecl,
    testStream,
    trainStream,
    usableStreams,
    type ModelParts
} from '../model/model-parts.js';
import {
    argumentsByName,
    argumentValue,
    nestedNumbersOf,
    numberOf,
    priorCallOf,
    type NestedNumbers
} from '../model/values.js';

export function checkModelStructure(model: Model, accept: ValidationAcceptor): void {
    const parts = modelParts(model);
    const named = { node: model, property: 'name' as const };
    if (parts.data.length === 0) {
        accept(
            'error',
            `Model '${model.name}' has no data: add e.g. \`data train = csv("file.csv", target = y, inputs = [x])\`.`,
            named
        );
    }
    if (parts.experts.length === 0) {
        accept('error', `Model '${model.name}' has no experts: add e.g. \`experts y ~ gaussian(count = 3)\`.`, named);
    }
    if (parts.fits.length === 0) {
        accept(
            'error',
            `Model '${model.name}' does not say how to fit it: add \`fit particle_learning(...)\` or \`fit em(...)\`.`,
            named
        );
    }
    for (const [list, keyword] of [
        [parts.experts, 'experts'],
        [parts.gates, 'gate'],
        [parts.fits, 'fit'],
        [parts.predicts, 'predict']
    ] as const) {
        for (const extra of list.slice(1)) {
            accept('error', `A model has one '${keyword}' statement; this one repeats it.`, { node: extra, keyword });
        }
    }
    checkStreams(parts, accept);
    checkCombination(parts, accept);
    checkResponseName(parts, accept);
}

/** `experts accel ~ ...` names the response; on CSV data it should be the target column. */
function checkResponseName(parts: ModelParts, accept: ValidationAcceptor): void {
    const experts = parts.experts[0];
    const source = sourceDecl(trainStream(parts))?.source;
    if (!experts?.response || source?.callee !== 'csv') return;
    const target = argumentsByName(source).get('target')?.value;
    const name =
        target?.$type === 'NameValue'
            ? (target as { target: { $refText: string } }).target.$refText
            : target?.$type === 'StringValue'
              ? (target as { value: string }).value
              : undefined;
    if (name !== undefined && name !== experts.response) {
        accept('warning', `The experts model '${experts.response}', but the data's target column is '${name}'.`, {
            node: experts,
            property: 'response'
        });
    }
}

function checkStreams(parts: ModelParts, accept: ValidationAcceptor): void {
    const fit = parts.fits[0];
    const streams = usableStreams(parts);
    const train = trainStream(parts);
    if (fit && !fit.train && !train && streams.length > 1) {
        accept(
            'error',
            `Say which stream to fit: \`fit ... on NAME\` (streams: ${streams.map(s => s.name).join(', ')}), or name one 'train'.`,
            { node: fit, keyword: 'fit' }
        );
    }
    const test = testStream(parts);
    const predict = parts.predicts[0];
    if (predict && train && test === train) {
        accept(
            'warning',
            `The held-out stream '${test.name}' is the training stream: predictive checks on it are not held out.`,
            { node: predict, property: 'stream' }
        );
    }
    // Streams that nothing reads.
    const used = new Set([train, test].filter(s => s !== undefined));
    for (const split of parts.splits) if (split.source?.ref) used.add(split.source.ref);
    if (train) {
        for (const data of parts.data) {
            if (!used.has(data)) {
                accept(
                    'warning',
                    `Data stream '${data.name}' is not used: the model fits '${train.name}'${test ? ` and checks on '${test.name}'` : ''}.`,
                    { node: data, property: 'name' }
                );
            }
        }
    }
    // Train and test must give design vectors of the same length.
    if (train && test && predict) {
        const a = sourceShape(sourceDecl(train)?.source);
        const b = sourceShape(sourceDecl(test)?.source);
        if (a && b && (a.inputs !== b.inputs || a.intercept !== b.intercept)) {
            accept(
                'error',
                `Stream '${test.name}' has ${describeShape(b)} but the training stream '${train.name}' has ${describeShape(a)}.`,
                { node: predict, property: 'stream' }
            );
        }
    } else if (train && test) {
        const a = sourceShape(sourceDecl(train)?.source);
        const b = sourceShape(sourceDecl(test)?.source);
        const testDecl = sourceDecl(test);
        if (a && b && testDecl && (a.inputs !== b.inputs || a.intercept !== b.intercept)) {
            accept(
                'error',
                `Held-out stream '${test.name}' has ${describeShape(b)} but the training stream '${train.name}' has ${describeShape(a)}.`,
                { node: testDecl, property: 'name' }
            );
        }
    }
}

interface SourceShape {
    inputs: number;
    intercept: boolean;
}

function describeShape(shape: SourceShape): string {
    return `${shape.inputs} input${shape.inputs === 1 ? '' : 's'} ${shape.intercept ? 'with' : 'without'} an intercept`;
}

/** Number of inputs and whether the design has an intercept, when the source says so clearly. */
export function sourceShape(call: Call | undefined): SourceShape | undefined {
    if (!call) return undefined;
    const spec = lookupCallable(call.callee);
    if (!spec || spec.category !== 'source') return undefined;
    const args = argumentsByName(call);
    const interceptValue = args.get('intercept')?.value;
    const intercept = interceptValue?.$type === 'BooleanValue' ? (interceptValue as { value: boolean }).value : true;
    if (call.callee === 'csv') {
        const inputs = args.get('inputs')?.value;
        return isListValue(inputs) ? { inputs: inputs.items.length, intercept } : undefined;
    }
    const given = args.get('inputs');
    const inputs = given ? numberOf(given.value) : Number(spec.params.find(p => p.name === 'inputs')?.default);
    return inputs === undefined || !Number.isFinite(inputs) ? undefined : { inputs, intercept };
}

/** Experts, gate and inference method that the engine can run together, and counts that agree. */
function checkCombination(parts: ModelParts, accept: ValidationAcceptor): void {
    const experts = parts.experts[0]?.family;
    const gate = parts.gates[0]?.gate;
    const fit = parts.fits[0]?.method;
    const family = experts && lookupCallable(experts.callee)?.category === 'expert-family' ? experts.callee : undefined;
    const gateKind = gate && lookupCallable(gate.callee)?.category === 'gate' ? gate.callee : undefined;
    const method = fit && lookupCallable(fit.callee)?.category === 'inference' ? fit.callee : undefined;
    const countValue = experts ? argumentValue(experts, 'count') : undefined;
    const count = numberOf(countValue);

    if (method === 'particle_learning' && gate && gateKind && gateKind !== 'stick_breaking') {
        accept(
            'error',
            `Particle learning needs a stick-breaking gate (conditionally Gaussian under Polya-Gamma augmentation); ` +
                `a '${gateKind}' gate is fitted by \`fit em(...)\`.`,
            { node: gate, property: 'callee', data: { code: IssueCodes.Unrunnable } }
        );
    }
    if (method === 'em' && gate && gateKind === 'stick_breaking') {
        accept(
            'error',
            `Type mismatch: EM fits softmax, laplace or hierarchy gates, not a stick-breaking gate; ` +
                `use \`gate ~ softmax(branches = K)\` or fit it by \`particle_learning\`.`,
            { node: gate, property: 'callee', data: { code: IssueCodes.TypeMismatch } }
        );
    }
    if (method === 'em' && family === 'bernoulli') {
        accept(
            'error',
            `EM fits Gaussian experts only; Bernoulli experts are fitted by \`fit particle_learning(...)\`.`,
            { node: experts!, property: 'callee', data: { code: IssueCodes.Unrunnable } }
        );
    }
    if (method === 'particle_learning') checkForgetting(fit!, family, accept);
    if (count === undefined || !Number.isInteger(count) || count < 1 || !experts) return;

    // One expert needs no gate (Bayesian regression); a mixture needs a gate and at least two experts.
    if (!gate) {
        if (count >= 2) {
            accept(
                'error',
                `A mixture of ${count} experts needs a gate: add e.g. \`gate ~ stick_breaking(prior = horseshoe())\`.`,
                { node: experts, property: 'callee' }
            );
        }
        return;
    }
    if (count === 1) {
        accept(
            'error',
            `A mixture needs count >= 2 experts. With a single expert (Bayesian linear regression) remove the gate.`,
            { node: countValue!, data: { code: IssueCodes.OutOfRange, name: 'count' } }
        );
        return;
    }
    const leaves = gateLeaves(gate, accept);
    if (leaves !== undefined && leaves !== count) {
        accept(
            'error',
            `count = ${count}, but the gate has ${leaves} leaves: a hierarchical gate has one expert per leaf (outer x inner branches).`,
            { node: countValue!, data: { code: IssueCodes.OutOfRange, name: 'count' } }
        );
    }
}

/** Number of leaves of a softmax/laplace/hierarchy gate; undefined for stick-breaking or unknown. */
function gateLeaves(gate: Call, accept: ValidationAcceptor): number | undefined {
    if (gate.callee === 'softmax' || gate.callee === 'laplace') {
        const value = argumentValue(gate, 'branches');
        const branches = numberOf(value);
        if (branches !== undefined && branches < 2 && value) {
            accept('error', `A one-level gate needs at least 2 branches; found ${branches}.`, {
                node: value,
                data: { code: IssueCodes.OutOfRange, name: 'branches' }
            });
        }
        return branches;
    }
    if (gate.callee === 'hierarchy') {
        const outer = argumentValue(gate, 'outer');
        const inner = argumentValue(gate, 'inner');
        const b1 = isCall(outer) ? numberOf(argumentValue(outer, 'branches')) : undefined;
        const b2 = isCall(inner) ? numberOf(argumentValue(inner, 'branches')) : undefined;
        return b1 !== undefined && b2 !== undefined ? b1 * b2 : undefined;
    }
    return undefined;
}

/** A normal prior's list mean must have one entry per design column; a gate's normal prior takes a single mean. */
export function checkPriorDimensions(model: Model, accept: ValidationAcceptor): void {
    const parts = modelParts(model);
    const train = trainStream(parts);
    const shape = sourceShape(sourceDecl(train)?.source);
    const experts = parts.experts[0]?.family;
    if (experts && shape) {
        const dimension = shape.inputs + (shape.intercept ? 1 : 0);
        const coefficients = argumentValue(experts, 'coefficients');
        const prior = priorCallOf(coefficients);
        const mean = prior?.callee === 'normal' ? argumentValue(prior, 'mean') : undefined;
        if (isListValue(mean) && mean.items.length !== dimension && coefficients) {
            accept(
                'error',
                `The coefficient prior's mean has ${mean.items.length} entries but the design has ${dimension} columns ` +
                    `(${shape.inputs} inputs${shape.intercept ? ' and the intercept' : ''}).`,
                { node: coefficients }
            );
        }
    }
    const gate = parts.gates[0]?.gate;
    if (gate?.callee === 'stick_breaking') {
        const priorValue = argumentValue(gate, 'prior');
        const prior = priorCallOf(priorValue);
        if (prior?.callee === 'normal' && isListValue(argumentValue(prior, 'mean')) && priorValue) {
            accept('error', "A gate's normal prior takes a single mean for every coefficient, not a list.", {
                node: priorValue
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

export function checkGenerator(call: Call, accept: ValidationAcceptor): void {
    const args = argumentsByName(call);
    const num = (name: string) => numberOf(args.get(name)?.value);
    const valueOf = (name: string) => args.get(name)?.value;
    if (call.callee === 'sparse_experts') {
        const experts = num('experts') ?? 10;
        const active = num('active') ?? 3;
        if (active > experts) {
            const node = valueOf('active') ?? valueOf('experts');
            accept(
                'error',
                `active = ${active} exceeds the number of experts (${experts}): s <= K.`,
                node
                    ? { node, data: { code: IssueCodes.OutOfRange, name: 'active' } }
                    : { node: call, property: 'callee' }
            );
        }
    } else if (call.callee === 'shift') {
        const n = num('n');
        const shiftAt = num('shift_at');
        if (n !== undefined && shiftAt !== undefined && shiftAt > n) {
            accept('error', `shift_at = ${shiftAt} is past the end of the stream (n = ${n}).`, {
                node: valueOf('shift_at')!,
                data: { code: IssueCodes.OutOfRange, name: 'shift_at' }
            });
        }
        const inputs = num('inputs') ?? 2;
        for (const name of ['before', 'after']) {
            const value = valueOf(name);
            if (isListValue(value) && value.items.length !== inputs + 1) {
                accept(
                    'error',
                    `'${name}' needs ${inputs + 1} coefficients (the intercept, then one per input); found ${value.items.length}.`,
                    { node: value }
                );
            }
        }
    } else if (call.callee === 'hierarchical') {
        checkHierarchicalTruth(call, accept);
    }
}

function checkHierarchicalTruth(call: Call, accept: ValidationAcceptor): void {
    const args = argumentsByName(call);
    const low = numberOf(args.get('low')?.value) ?? -1;
    const high = numberOf(args.get('high')?.value) ?? 1;
    if (!(low < high)) {
        const node = args.get('high')?.value ?? args.get('low')?.value;
        if (node) accept('error', `The input range needs low < high; found [${low}, ${high}].`, { node });
    }
    const inputs = numberOf(args.get('inputs')?.value) ?? 2;
    const outerWeights = valueOrDefault(call, 'outer_weights');
    const b1 = Array.isArray(outerWeights.value) ? outerWeights.value.length : undefined;
    const innerWeights = valueOrDefault(call, 'inner_weights');
    const b2 =
        Array.isArray(innerWeights.value) && Array.isArray(innerWeights.value[0])
            ? innerWeights.value[0].length
            : undefined;
    if (b1 === undefined || b2 === undefined) return;
    const expectations: [string, number[]][] = [
        ['outer_weights', [b1, inputs]],
        ['outer_bias', [b1]],
        ['inner_weights', [b1, b2, inputs]],
        ['inner_bias', [b1, b2]],
        ['coefficients', [b1, b2, inputs + 1]],
        ['variances', [b1, b2]]
    ];
    const innerKinds = args.get('inner')?.value;
    if (isListValue(innerKinds) && innerKinds.items.length !== b1) {
        accept('error', `'inner' lists ${innerKinds.items.length} gate types but there are ${b1} outer branches.`, {
            node: innerKinds
        });
    }
    for (const [name, shape] of expectations) {
        const { value, node } = valueOrDefault(call, name);
        if (value === undefined || matchesShape(value, shape)) continue;
        const where = node ?? args.get('inputs')?.value;
        const message =
            `'${name}' must have shape ${shape.join(' x ')} (${b1} outer branches, ${b2} leaves each, ${inputs} inputs)` +
            (node ? '.' : `; its default is the HMOE-RATES truth for 2 inputs: give '${name}' for ${inputs} inputs.`);
        accept('error', message, where ? { node: where } : { node: call, property: 'callee' });
    }
}

function valueOrDefault(call: Call, name: string): { value: NestedNumbers | undefined; node?: Value } {
    const node = argumentValue(call, name);
    if (node) return { value: nestedNumbersOf(node), node };
    const param = lookupCallable(call.callee)?.params.find(p => p.name === name);
    return { value: param?.default as NestedNumbers | undefined };
}

function matchesShape(value: NestedNumbers, shape: number[]): boolean {
    if (shape.length === 0) return typeof value === 'number';
    if (!Array.isArray(value) || value.length !== shape[0]) return false;
    return value.every(v => matchesShape(v, shape.slice(1)));
}

// ---------------------------------------------------------------------------------------------
// Splits and predictive checks

/** Rows of a split's source when the model states them (generated data); a CSV file's are counted at compile. */
function knownRowCount(split: SplitDecl): number | undefined {
    const source = split.source?.ref?.source;
    return source && source.callee !== 'csv' ? numberOf(argumentValue(source, 'n')) : undefined;
}

export function checkSplit(split: SplitDecl, accept: ValidationAcceptor): void {
    const fractions = split.parts.filter(p => isNumberValue(p.share));
    const ranges = split.parts.filter(p => isCall(p.share));
    if (fractions.length > 0 && ranges.length > 0) {
        accept('error', 'A split is either by fractions or by `rows(start, end)`, not both.', {
            node: ranges[0],
            property: 'share'
        });
        return;
    }
    let total = 0;
    for (const part of split.parts) {
        if (!part.share) continue; // a syntax error already
        if (isNumberValue(part.share)) {
            const f = numberOf(part.share) ?? 0;
            if (!(f > 0 && f <= 1)) {
                accept('error', `A split fraction must be in (0, 1]; found ${f}.`, {
                    node: part.share,
                    data: { code: IssueCodes.OutOfRange, name: part.name }
                });
            }
            const before = total;
            total += f;
            const n = knownRowCount(split);
            // The compiler's rounding (compile-model.ts, splitRows): a part that rounds to no rows is an error here.
            if (n !== undefined && f > 0 && f <= 1 && Math.min(n, Math.round(total * n)) - Math.round(before * n) < 1) {
                accept(
                    'error',
                    `The split fraction ${f} of '${split.source?.$refText}' (n = ${n}) gives no rows; give at least ${+(1 / n).toPrecision(3)}.`,
                    { node: part.share, data: { code: IssueCodes.OutOfRange, name: part.name } }
                );
            }
            if (total > 1 + 1e-9) {
                accept('error', `The split fractions add up to ${+total.toFixed(6)}, more than 1.`, {
                    node: part.share,
                    data: { code: IssueCodes.OutOfRange, name: part.name }
                });
            }
        } else if (isCall(part.share)) {
            if (part.share.callee !== 'rows') continue; // the call check reports it
            const start = numberOf(argumentValue(part.share, 'start'));
            const end = numberOf(argumentValue(part.share, 'end'));
            if (start !== undefined && end !== undefined && !(start < end)) {
                accept('error', `rows(start, end) needs start < end; found rows(${start}, ${end}).`, {
                    node: part.share
                });
            }
            const source = split.source?.ref?.source;
            const n = source && source.callee !== 'csv' ? numberOf(argumentValue(source, 'n')) : undefined;
            if (n !== undefined && end !== undefined && end > n) {
                accept('error', `rows(${start}, ${end}) goes past the end of '${split.source?.$refText}' (n = ${n}).`, {
                    node: part.share
                });
            }
        } else {
            accept('error', `A split part is a fraction of the rows (e.g. 0.8) or \`rows(start, end)\`.`, {
                node: part,
                property: 'share'
            });
        }
    }
}

export function checkPredict(predict: PredictDecl, accept: ValidationAcceptor): void {
    if (!predict.intervals) return;
    if (predict.intervals.items.length === 0) {
        accept('error', 'Give at least one interval level, e.g. `intervals = [0.5, 0.9]`.', {
            node: predict,
            property: 'intervals'
        });
    }
    for (const item of predict.intervals.items) {
        const level = numberOf(item);
        if (level === undefined || !(level > 0 && level < 1)) {
            accept(
                'error',
                `An interval level must be a number in (0, 1)${level === undefined ? '' : `; found ${level}`}.`,
                { node: item, data: { code: IssueCodes.OutOfRange, name: 'intervals' } }
            );
        }
    }
}

/**
 * A forgetting factor below 1 discounts the experts' sufficient statistics: Bernoulli experts carry
 * a coefficient draw instead, and the resample-move sweep rebuilds undiscounted statistics from the
 * data, so neither combination would mean what it says. (The range (0, 1] is the catalogue's.)
 */
function checkForgetting(fit: Call, family: string | undefined, accept: ValidationAcceptor): void {
    const value = argumentValue(fit, 'forgetting');
    const lambda = numberOf(value);
    if (!value || lambda === undefined || !(lambda > 0 && lambda < 1)) return;
    if (family === 'bernoulli') {
        accept(
            'error',
            `forgetting = ${lambda} needs Gaussian experts: Bernoulli experts carry a coefficient draw, not statistics that can be discounted.`,
            { node: value, data: { code: IssueCodes.Unrunnable } }
        );
    }
    if ((numberOf(argumentValue(fit, 'rejuvenate_every')) ?? 0) > 0) {
        accept(
            'error',
            `forgetting = ${lambda} cannot be combined with rejuvenate_every: the resample-move sweep rebuilds the statistics of all past observations undiscounted.`,
            { node: value, data: { code: IssueCodes.Unrunnable } }
        );
    }
}
