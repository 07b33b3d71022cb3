/**
 * `moe run` and `moe bench` called in-process: exit codes, messages, overrides, the JSON result
 * against its schema, determinism. The spawned binary is covered in run-bin.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../packages/cli/src/commands/run.js';
import { benchCommand } from '../../packages/cli/src/commands/bench.js';
import { csvPlan, hmoePlan, sparseExpertsPlan } from '../engine/plan/plans.js';
import { resultSchemaProblems } from '../engine/plan/result-schema.js';
import { TempDir, capture, regressionCsv, withoutTiming } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const smallPlan = tmp.file('small.json', sparseExpertsPlan({ n: 80, nTest: 40, particles: 40 }));

describe('moe run on a plan .json', () => {
    it('runs, prints a summary and writes a result that matches the schema', async () => {
        const out = join(tmp.path, 'result.json');
        const run = await capture(() => runCommand(smallPlan, { json: out }));
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        for (const heading of [
            'particle learning with 40 particles',
            'Expert usage',
            'Gate: stick coefficients',
            'Log marginal likelihood',
            'ESS: min',
            'Held-out predictive checks (40 observations)',
            '90% interval covers',
            'Time:'
        ]) {
            expect(run.stdout).toContain(heading);
        }
        const result = JSON.parse(readFileSync(out, 'utf8'));
        expect(resultSchemaProblems(result)).toEqual([]);
        expect(result).toMatchObject({ algorithm: 'particle-learning', particles: 40, observations: 80, seed: 7919 });
    });

    it('is deterministic for a seed (bit for bit, apart from timing) and differs across seeds', async () => {
        const files = ['a', 'b', 'c'].map(name => join(tmp.path, `${name}.json`));
        expect((await capture(() => runCommand(smallPlan, { json: files[0], quiet: true }))).code).toBe(0);
        expect((await capture(() => runCommand(smallPlan, { json: files[1], quiet: true }))).code).toBe(0);
        expect((await capture(() => runCommand(smallPlan, { json: files[2], quiet: true, seed: '8000' }))).code).toBe(
            0
        );
        const [a, b, c] = files.map(f => readFileSync(f, 'utf8'));
        expect(withoutTiming(b!)).toEqual(withoutTiming(a!));
        expect(JSON.parse(c!).seed).toBe(8000);
        expect(JSON.parse(c!).logMarginalLikelihood).not.toBe(JSON.parse(a!).logMarginalLikelihood);
    });

    it('--particles overrides the plan; --quiet prints nothing', async () => {
        const out = join(tmp.path, 'particles.json');
        const run = await capture(() => runCommand(smallPlan, { json: out, particles: '25', quiet: true }));
        expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
        expect(JSON.parse(readFileSync(out, 'utf8')).particles).toBe(25);
    });
});

describe('moe run: usage errors exit 2', () => {
    it.each([
        ['a seed that is not a number', { seed: 'abc' }, /--seed must be a non-negative integer, got 'abc'/],
        ['a negative seed', { seed: '-1' }, /--seed must be a non-negative integer/],
        ['a fractional seed', { seed: '1.5' }, /--seed must be a non-negative integer/],
        ['zero particles', { particles: '0' }, /--particles must be a positive integer, got '0'/],
        ['particles that are not a number', { particles: 'many' }, /--particles must be a positive integer/]
    ])('%s', async (_name, options, message) => {
        const run = await capture(() => runCommand(smallPlan, options));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stdout).toBe('');
    });

    it('a bad flag is reported before a model is compiled', async () => {
        const run = await capture(() => runCommand(join(tmp.path, 'missing.moe'), { seed: 'x' }));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^moe: --seed must be/);
    });

    it('--json into a folder that does not exist, before running', async () => {
        const run = await capture(() => runCommand(smallPlan, { json: join(tmp.path, 'nowhere', 'out.json') }));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/--json .*out\.json: folder .*nowhere does not exist/);
        expect(run.stdout).toBe('');
    });

    it('--particles on an EM model', async () => {
        const plan = tmp.file('em.json', hmoePlan());
        const run = await capture(() => runCommand(plan, { particles: '10' }));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/--particles applies only to particle-learning models/);
    });

    it.each([
        ['a missing file', () => join(tmp.path, 'missing.json'), /missing\.json: no such file/],
        [
            'a file that is neither .moe nor .json',
            () => tmp.file('model.txt', 'x'),
            /model\.txt: not a \.moe model or a plan \.json/
        ],
        [
            'a directory',
            () => {
                mkdirSync(join(tmp.path, 'folder.json'), { recursive: true });
                return join(tmp.path, 'folder.json');
            },
            /folder\.json: not a file/
        ]
    ])('%s', async (_name, file, message) => {
        const run = await capture(() => runCommand(file(), {}));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(message);
    });

    it('--bench --repeat must be a positive integer', async () => {
        const run = await capture(() => benchCommand(smallPlan, { repeat: '0' }));
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/--repeat must be a positive integer/);
    });
});

describe('moe run: invalid plans and data exit 1 with FILE:LINE messages', () => {
    it('invalid JSON, with line and column', async () => {
        const file = tmp.file('broken.json', '{\n  "planVersion": 1,\n  "model": {\n}\n,,}\n');
        const run = await capture(() => runCommand(file, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/broken\.json:5:2: error: invalid JSON: /);
    });

    it('a plan field out of range, located at its line', async () => {
        const plan = sparseExpertsPlan();
        (plan.inference as { particles: number }).particles = 0;
        const file = tmp.file('zero-particles.json', plan);
        const line =
            readFileSync(file, 'utf8')
                .split('\n')
                .findIndex(l => l.includes('"particles"')) + 1;
        const run = await capture(() => runCommand(file, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            new RegExp(`zero-particles\\.json:${line}:5: error: /inference/particles: must be >= 1 \\(got 0\\)`)
        );
    });

    it('a missing field is located at its parent object', async () => {
        const plan = sparseExpertsPlan() as unknown as { inference: Record<string, unknown> };
        delete plan.inference['seed'];
        const file = tmp.file('no-seed.json', plan);
        const line =
            readFileSync(file, 'utf8')
                .split('\n')
                .findIndex(l => l.includes('"inference"')) + 1;
        const run = await capture(() => runCommand(file, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            new RegExp(`no-seed\\.json:${line}:3: error: /inference/seed: missing required field`)
        );
    });

    it.each([
        [
            'text in a numeric column',
            (csv: string) => csv.replace(/\n[^\n]*\n/, '\nabc,0.5,1\n'),
            2,
            /text 'abc' in numeric column 'x1'/
        ],
        [
            'a missing value',
            (csv: string) =>
                csv
                    .split('\n')
                    .map((l, i) => (i === 7 ? l.replace(/,[^,]*,/, ',,') : l))
                    .join('\n'),
            8,
            /missing value in column 'x2'/
        ],
        [
            'a wrong number of fields',
            (csv: string) =>
                csv
                    .split('\n')
                    .map((l, i) => (i === 30 ? `${l},9` : l))
                    .join('\n'),
            31,
            /wrong number of fields: expected 3 \(as in the header\), found 4/
        ]
    ])('malformed CSV: %s', async (_name, corrupt, line, message) => {
        const data = tmp.file(`bad-${line}.csv`, corrupt(regressionCsv(60)));
        const plan = tmp.file(`bad-${line}.json`, csvPlan(data, { train: [0, 45], test: [45, 60] }));
        const run = await capture(() => runCommand(plan, {}));
        expect(run.code).toBe(1);
        const [first] = run.stderr.split('\n');
        expect(first).toMatch(new RegExp(`bad-${line}\\.csv:${line}: `));
        expect(first).toMatch(message);
    });

    it('a missing column names the columns that exist', async () => {
        const data = tmp.file('columns.csv', regressionCsv(30));
        const plan = tmp.file('columns.json', csvPlan(data, { train: [0, 20], test: [20, 30] }, ['x1', 'x3']));
        const run = await capture(() => runCommand(plan, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/columns\.csv:1: column 'x3' not found; the columns are: x1, x2, y/);
    });

    it('a relative data path in a plan .json is read next to the plan', async () => {
        tmp.file('relative.csv', regressionCsv(30));
        const plan = tmp.file('relative.json', csvPlan('relative.csv', { train: [0, 20], test: [20, 30] }));
        const run = await capture(() => runCommand(plan, { quiet: true }));
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
    });

    it('a CSV plan runs when the data is good, and the held-out split is used', async () => {
        const data = tmp.file('good.csv', regressionCsv(60));
        const out = join(tmp.path, 'csv-result.json');
        const plan = tmp.file('good.json', csvPlan(data, { train: [0, 45], test: [45, 60] }));
        const run = await capture(() => runCommand(plan, { json: out, quiet: true }));
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const result = JSON.parse(readFileSync(out, 'utf8'));
        expect(result.observations).toBe(45);
        expect(result.predictive.observations).toBe(15);
        expect(result.inputs).toEqual(['(intercept)', 'x1', 'x2']);
    });
});

describe('moe run on .moe models', () => {
    it("prints the model's errors as FILE:LINE:COLUMN: error: MESSAGE and exits 1", async () => {
        const file = tmp.file('broken.moe', 'model broken {\n    experts y ~ gaussian(count = 0)\n');
        const run = await capture(() => runCommand(file, {}));
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/broken\.moe:\d+:\d+: error: /);
    });

    it("a data error in a model's CSV also points back to the stream declaration", async () => {
        const csv = regressionCsv(50)
            .split('\n')
            .map((l, i) => (i === 20 ? l.replace(/^[^,]*/, 'n/a') : l))
            .join('\n');
        tmp.file('model-data.csv', csv);
        const model = tmp.file(
            'with-data.moe',
            [
                'model with_data {',
                '    data d = csv("model-data.csv", target = y, inputs = [x1, x2])',
                '    split d into train = 0.8, test = 0.2',
                '    experts y ~ gaussian(count = 2)',
                '    gate ~ stick_breaking(prior = horseshoe())',
                '    fit particle_learning(particles = 10, seed = 1) on train',
                '}',
                ''
            ].join('\n')
        );
        const run = await capture(() => runCommand(model, {}));
        expect(run.code).toBe(1);
        const lines = run.stderr.trim().split('\n');
        expect(lines[lines.length - 2]).toMatch(/model-data\.csv:21: missing value \('n\/a'\) in column 'x1'$/);
        expect(lines[lines.length - 1]).toMatch(/with-data\.moe:3:1: note: in data stream 'train'$/);
    });

    it('compiles and runs an example', async () => {
        const out = join(tmp.path, 'example.json');
        const run = await capture(() =>
            runCommand('examples/bayesian-regression.moe', { json: out, particles: '20', quiet: true })
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(resultSchemaProblems(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
    });
});

describe('moe run and moe bench on an EM model', () => {
    it('runs EM and writes a result that matches the schema', async () => {
        const plan = tmp.file('em-run.json', hmoePlan({ n: 400 }));
        const out = join(tmp.path, 'em-result.json');
        const run = await capture(() => runCommand(plan, { json: out }));
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/Log-likelihood: .* after \d+ iterations/);
        expect(run.stdout).toMatch(/AIC .*, BIC /);
        const result = JSON.parse(readFileSync(out, 'utf8'));
        expect(resultSchemaProblems(result)).toEqual([]);
        expect(result.algorithm).toBe('em');
    });

    it('bench repeats the run and reports throughput', async () => {
        const run = await capture(() => benchCommand(smallPlan, { repeat: '2' }));
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/2 runs/);
        expect(run.stdout).toMatch(/seconds per run \(loading the data included\): [\d.]+, [\d.]+/);
        expect(run.stdout).toMatch(/[\d,]+ particle-observations\/s/);
    });
});
