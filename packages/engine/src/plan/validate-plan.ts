/**
 * Validation of an execution plan on load: first the JSON Schema (schemas/plan.schema.json),
 * then the consistency rules a schema cannot express (s <= K, shiftAt <= n, matching sizes,
 * a gate the chosen algorithm can run). Every failure names the field by JSON pointer.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import planSchema from '../../schemas/plan.schema.json';
import { PlanError } from '../errors.js';
import { describeSchemaErrors, type SchemaProblem } from './schema-errors.js';
import { fitSizeProblem, type FitShape } from './plan-size.js';
import type { ExecutionPlan, GateLevelTruth, GaussianExpertTruth, SourceSpec, StreamSpec } from './types.js';

let compiled: ValidateFunction | undefined;

/** The compiled schema validator, built once (compiling costs more than validating). */
function schemaValidator(): ValidateFunction {
    if (!compiled) {
        const ajv = new Ajv2020({
            allErrors: true,
            verbose: true,
            discriminator: true,
            strict: true,
            strictRequired: false
        });
        compiled = ajv.compile(planSchema);
    }
    return compiled;
}

/** Accept `json` as an execution plan or throw a PlanError listing what is wrong. */
export function validatePlan(json: unknown): ExecutionPlan {
    const validate = schemaValidator();
    if (!validate(json)) {
        throw planError(describeSchemaErrors(planSchema, validate.errors ?? []));
    }
    const plan = json as ExecutionPlan;
    const problems = semanticProblems(plan);
    if (problems.length > 0) throw planError(problems);
    return plan;
}

/** The first problem gives the error's field; the message lists all of them (up to a few). */
function planError(problems: SchemaProblem[]): PlanError {
    const [first, ...rest] = problems;
    if (!first) return new PlanError('invalid plan', '');
    const shown = rest.slice(0, 4).map(p => `${p.pointer || '(plan)'}: ${p.message}`);
    const more = rest.length > 4 ? [`and ${rest.length - 4} more`] : [];
    const tail = shown.length + more.length > 0 ? `; also ${[...shown, ...more].join('; ')}` : '';
    return new PlanError(`${first.message}${tail}`, first.pointer);
}

/** Number of design columns a source produces (intercept included). */
export function sourceDimension(source: SourceSpec): number {
    return source.kind === 'csv'
        ? source.inputs.length + (source.intercept ? 1 : 0)
        : source.inputs + (source.intercept ? 1 : 0);
}

/** Rows a synthetic source generates; undefined for CSV (known only once the file is read). */
function sourceRows(source: SourceSpec): number | undefined {
    return source.kind === 'csv' ? undefined : source.n;
}

function semanticProblems(plan: ExecutionPlan): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    const report = (pointer: string, message: string) => problems.push({ pointer, message });

    checkStream(plan.data.train, '/data/train', report);
    if (plan.data.test) {
        checkStream(plan.data.test, '/data/test', report);
        const trainWidth = sourceDimension(plan.data.train.source);
        const testWidth = sourceDimension(plan.data.test.source);
        if (testWidth !== trainWidth) {
            report(
                '/data/test/source',
                `held-out stream has ${testWidth} design columns, the training stream ${trainWidth}`
            );
        }
        const train = plan.data.train.source;
        const test = plan.data.test.source;
        if (train.kind === 'csv' && test.kind === 'csv' && test.inputs.join('\u0000') !== train.inputs.join('\u0000')) {
            report(
                '/data/test/source/inputs',
                `must list the training inputs in the same order (${train.inputs.join(', ')})`
            );
        }
        if (train.kind === 'csv' && test.kind === 'csv') {
            for (const flag of ['standardize', 'standardizeTarget'] as const) {
                if (train[flag] !== test[flag]) {
                    report(
                        `/data/test/source/${flag}`,
                        `must match the training stream (${train[flag]}): held-out rows are scaled with the training statistics`
                    );
                }
            }
        }
    }

    const width = sourceDimension(plan.data.train.source);
    const experts = plan.experts;
    if (experts.dimension !== width) {
        report('/experts/dimension', `is ${experts.dimension} but the training stream has ${width} design columns`);
    }
    if (experts.prior.mean.length !== experts.dimension) {
        report(
            '/experts/prior/mean',
            `has ${experts.prior.mean.length} entries, expected one per design column (${experts.dimension})`
        );
    }

    const algorithm = plan.inference.algorithm;
    if (algorithm === 'particle-learning') {
        if (plan.gate.type !== 'stick-breaking') {
            report('/gate/type', 'particle learning needs a stick-breaking gate');
        }
        if ((plan.inference.forgetting ?? 1) < 1) {
            if (experts.family !== 'gaussian')
                report(
                    '/inference/forgetting',
                    'below 1 needs Gaussian experts (Bernoulli experts carry a draw, not statistics to discount)'
                );
            if (plan.inference.rejuvenateEvery > 0)
                report(
                    '/inference/forgetting',
                    'below 1 cannot be combined with rejuvenateEvery (the move rebuilds undiscounted statistics)'
                );
        }
    } else {
        if (plan.gate.type !== 'hierarchical') {
            report('/gate/type', 'EM needs a hierarchical (softmax or Laplace) gate');
        } else {
            const leaves = plan.gate.outer.branches * plan.gate.inner.branches;
            if (experts.count !== leaves) {
                report(
                    '/experts/count',
                    `is ${experts.count} but the gate has ${plan.gate.outer.branches} x ${plan.gate.inner.branches} = ${leaves} leaves`
                );
            }
        }
        if (experts.family !== 'gaussian') {
            report('/experts/family', 'EM fits Gaussian experts only');
        }
    }

    if (problems.length === 0) {
        const size = fitSizeProblem(planFitShape(plan));
        if (size) report(SIZE_POINTERS[size.field], size.message);
    }

    const levels = plan.predictive.intervals;
    if (new Set(levels).size !== levels.length) {
        report('/predictive/intervals', 'lists the same level twice');
    }
    return problems;
}

const SIZE_POINTERS = {
    particles: '/inference/particles',
    experts: '/experts/count',
    restarts: '/inference/restarts',
    data: '/data/train'
} as const;

/** Rows of a stream when the plan fixes them (a split, a generator); undefined for a whole CSV file. */
function streamRows(stream: StreamSpec): number | undefined {
    return stream.rows ? stream.rows.end - stream.rows.start : sourceRows(stream.source);
}

/** The sizes of a plan's fit, for the memory estimate. */
export function planFitShape(plan: ExecutionPlan): FitShape {
    const inference = plan.inference;
    const pl = inference.algorithm === 'particle-learning' ? inference : undefined;
    return {
        algorithm: inference.algorithm,
        experts: plan.experts.count,
        family: plan.experts.family,
        dimension: plan.experts.dimension,
        horseshoe: plan.gate.type === 'stick-breaking' && plan.gate.prior.kind === 'horseshoe',
        rows: streamRows(plan.data.train),
        testRows: plan.data.test ? (streamRows(plan.data.test) ?? 0) : 0,
        particles: pl?.particles ?? 0,
        chains: pl ? Math.max(1, Math.floor(pl.chains)) : 1,
        rejuvenate: (pl?.rejuvenateEvery ?? 0) > 0,
        restarts: inference.algorithm === 'em' ? inference.restarts : 0
    };
}

type Report = (pointer: string, message: string) => void;

function checkStream(stream: StreamSpec, at: string, report: Report): void {
    const source = stream.source;
    const rows = sourceRows(source);
    if (stream.rows) {
        if (stream.rows.end <= stream.rows.start) {
            report(`${at}/rows/end`, `must be greater than rows.start (${stream.rows.start})`);
        } else if (rows !== undefined && stream.rows.end > rows) {
            report(`${at}/rows/end`, `is ${stream.rows.end} but the generator makes only ${rows} rows`);
        }
    }
    const src = `${at}/source`;
    switch (source.kind) {
        case 'csv': {
            if (source.inputs.includes(source.target)) {
                report(`${src}/inputs`, `lists the target column '${source.target}' as an input`);
            }
            const seen = new Set<string>();
            source.inputs.forEach((name, i) => {
                if (seen.has(name)) report(`${src}/inputs/${i}`, `column '${name}' is listed twice`);
                seen.add(name);
            });
            if (source.standardizeTarget && !source.standardize) {
                report(`${src}/standardizeTarget`, 'requires standardize');
            }
            break;
        }
        case 'sparse-experts':
            if (source.active > source.experts) {
                report(`${src}/active`, `is ${source.active} but there are only ${source.experts} experts (s <= K)`);
            }
            break;
        case 'shift':
            if (source.shiftAt > source.n) {
                report(
                    `${src}/shiftAt`,
                    `is ${source.shiftAt} but the stream has only ${source.n} rows (shiftAt <= n)`
                );
            }
            checkExpertTruth(source.before, source.inputs, `${src}/before`, report);
            checkExpertTruth(source.after, source.inputs, `${src}/after`, report);
            break;
        case 'hierarchical': {
            if (!(source.inputRange.low < source.inputRange.high)) {
                report(`${src}/inputRange/high`, `must be greater than low (${source.inputRange.low})`);
            }
            const outerBranches = checkGateLevel(source.outer, source.inputs, `${src}/outer`, report);
            if (source.inner.length !== outerBranches) {
                report(
                    `${src}/inner`,
                    `has ${source.inner.length} inner gates, expected one per outer branch (${outerBranches})`
                );
            }
            if (source.experts.length !== outerBranches) {
                report(
                    `${src}/experts`,
                    `has ${source.experts.length} groups, expected one per outer branch (${outerBranches})`
                );
            }
            source.inner.forEach((level, i) => {
                const branches = checkGateLevel(level, source.inputs, `${src}/inner/${i}`, report);
                const group = source.experts[i];
                if (group && group.length !== branches) {
                    report(
                        `${src}/experts/${i}`,
                        `has ${group.length} experts, expected one per inner branch (${branches})`
                    );
                }
            });
            source.experts.forEach((group, i) =>
                group.forEach((expert, j) =>
                    checkExpertTruth(expert, source.inputs, `${src}/experts/${i}/${j}`, report)
                )
            );
            break;
        }
    }
}

/** Weights must be branches x inputs and agree with the biases; returns the branch count. */
function checkGateLevel(level: GateLevelTruth, inputs: number, at: string, report: Report): number {
    if (level.bias.length !== level.weights.length) {
        report(
            `${at}/bias`,
            `has ${level.bias.length} entries but weights has ${level.weights.length} rows (one per branch)`
        );
    }
    level.weights.forEach((row, i) => {
        if (row.length !== inputs)
            report(`${at}/weights/${i}`, `has ${row.length} entries, expected one per input (${inputs})`);
    });
    return level.weights.length;
}

function checkExpertTruth(expert: GaussianExpertTruth, inputs: number, at: string, report: Report): void {
    if (expert.coefficients.length !== inputs + 1) {
        report(
            `${at}/coefficients`,
            `has ${expert.coefficients.length} entries, expected the intercept and one slope per input (${inputs + 1})`
        );
    }
}
