/**
 * What `check` accepts compiles and loads: quoted column names, number literals that overflow or
 * underflow, split fractions too small to give a row, a target twice in a header, headers longer
 * than the limit, wide headers, devices; and the streaming row count agrees with csv-parse.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { validatePlan } from '../../../packages/engine/src/plan/validate-plan.js';
import { checkModelFiles, compileModelFile } from '../../../packages/language/src/workspace/batch.js';
import { countCsvRows } from '../../../packages/language/src/data/csv-rows.js';
import { setDataOutsideAllowed } from '../../../packages/language/src/data/data-access.js';
import { MAX_HEADER_BYTES } from '../../../packages/language/src/data/csv-header.js';
import { MAX_ECHOED_NAMES } from '../../../packages/engine/src/files/echo.js';
import { Rng } from '../../../packages/engine/src/random/rng.js';
import { readCsv } from '../../../packages/engine/src/data/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'moe-check-compile-'));
let counter = 0;

function model(body: string, csv?: string): string {
    const path = join(dir, `m${counter++}.moe`);
    if (csv !== undefined) writeFileSync(join(dir, `d${counter}.csv`), csv);
    writeFileSync(path, body.replace('DATA', `d${counter}.csv`));
    return path;
}

const errors = async (path: string) =>
    (await checkModelFiles([path])).filter(p => p.severity === 'error').map(p => p.message);

const FIT = `    experts y ~ gaussian(count = 2, coefficients = normal(mean = 0, variance = 10), variance = inverse_gamma(shape = 2, rate = 1))
    gate ~ stick_breaking(prior = normal(mean = 0, variance = 1))
    fit particle_learning(particles = 10, seed = 1) on train
}
`;

describe('column names', () => {
    test('quoted column names with spaces check, compile and are accepted by the engine', async () => {
        const path = model(
            `model m {\n    data train = csv("DATA", target = "the y", inputs = ["x 1", x2])\n${FIT}`,
            'x 1,x2,the y\n1,2,3\n4,5,6\n'
        );
        expect(await errors(path)).toEqual([]);
        const output = await compileModelFile(path);
        expect(output.problems.filter(p => p.severity === 'error')).toEqual([]);
        const source = output.plan!.data.train.source as { inputs: string[]; target: string };
        expect(source.inputs).toEqual(['x 1', 'x2']);
        expect(source.target).toBe('the y');
        expect(() => validatePlan(JSON.parse(JSON.stringify(output.plan)))).not.toThrow();
    });

    test('a header the engine refuses (a stray quote) is refused by check too, and one it reads checks', async () => {
        const stray = model(
            `model m {\n    data train = csv("DATA", target = y, inputs = [x1])\n${FIT}`,
            'x1,y"z,y\n1,2,3\n'
        );
        const strayCsv = join(dir, `d${counter}.csv`);
        await expect(readCsv({ path: strayCsv, target: 'y', inputs: ['x1'] })).rejects.toThrow(/malformed CSV/);
        expect((await errors(stray)).join('\n')).toMatch(/its first line is not a CSV header/);

        const padded = model(
            `model m {\n    data train = csv("DATA", target = y, inputs = [x1])\n${FIT}`,
            '\uFEFF x1 , y \n1,2\n3,4\n'
        );
        const table = await readCsv({ path: join(dir, `d${counter}.csv`), target: 'y', inputs: ['x1'] });
        expect(Array.from(table.target)).toEqual([2, 4]);
        expect(await errors(padded)).toEqual([]);
    });

    test('a header with the target column twice is an error', async () => {
        const path = model(
            `model m {\n    data train = csv("DATA", target = y, inputs = [x1])\n${FIT}`,
            'x1,y,y\n1,2,3\n'
        );
        expect(await errors(path)).toContain(`The header of d${counter}.csv has the target column 'y' more than once.`);
    });

    test('a header line beyond the limit is an error that says so', async () => {
        const wide = 'a'.repeat(MAX_HEADER_BYTES + 10) + ',y\n1,2\n';
        const path = model(`model m {\n    data train = csv("DATA", target = y, inputs = [x1])\n${FIT}`, wide);
        const messages = await errors(path);
        expect(messages).toEqual([
            `CSV file 'd${counter}.csv' cannot be read: its header line is longer than 1 MiB, the most that is read.`
        ]);
    });

    test('a header of 150,000 columns: one warning for the unused ones, names capped, check has no internal error', async () => {
        const names = Array.from({ length: 150_000 }, (_, i) => `c${i.toString(36)}`);
        const path = model(
            `model m {\n    data train = csv("DATA", target = c0, inputs = [c1, nope])\n${FIT}`,
            names.join(',') + '\n' + names.map(() => '1').join(',') + '\n'
        );
        const problems = await checkModelFiles([path]);
        const unused = problems.filter(p => p.message.includes('are not used'));
        expect(unused).toHaveLength(1);
        expect(unused[0].message).toMatch(
            /^149998 columns of d\d+\.csv are not used by the model \(neither the target nor an input\): c2, .* and 149978 more\.$/
        );
        const missing = problems.find(p => p.message.startsWith("Column 'nope'"))!;
        const listed = /The file's columns: (.*) and (\d+) more\.$/.exec(missing.message)!;
        expect(listed[1].split(', ')).toHaveLength(MAX_ECHOED_NAMES);
        expect(Number(listed[2])).toBe(150_000 - MAX_ECHOED_NAMES);
        expect(problems.every(p => p.message.length < 2000)).toBe(true);
    });

    test('a field of 500,000 characters is echoed cut short', async () => {
        const field = 'z'.repeat(500_000);
        const path = model(
            `model m {\n    data train = csv("DATA", target = y, inputs = [nope])\n${FIT}`,
            `${field},y\n1,2\n`
        );
        const messages = await errors(path);
        expect(messages.join('\n').length).toBeLessThan(1000);
        expect(messages[0]).toContain('… (500000 characters)');
    });

    test('a device is refused before reading, even where reading outside the folder is allowed', async () => {
        const path = join(dir, `dev${counter++}.moe`);
        writeFileSync(path, `model m {\n    data train = csv("/dev/zero", target = y, inputs = [x1])\n${FIT}`);
        expect(await errors(path)).toEqual([
            "CSV file '/dev/zero' cannot be read: it is outside the model's folder and the working directory; pass --allow-data-outside to read it."
        ]);
        setDataOutsideAllowed(true);
        try {
            expect(await errors(path)).toEqual([
                "CSV file '/dev/zero' cannot be read: not a regular file (a device, FIFO or socket is not read)."
            ]);
        } finally {
            setDataOutsideAllowed(false);
        }
    });
});

describe('number literals', () => {
    const gen = (n: string, extra = '') =>
        model(
            `model m {\n    data all = sparse_experts(experts = 2, active = 1, n = ${n}, inputs = 2, seed = 1)\n    ${extra}\n${FIT.replace('on train', 'on all')}`
        );

    test('a literal that overflows is an error at check', async () => {
        expect(await errors(gen('1e400'))).toEqual([
            'The number 1e400 is too large: numbers must be finite, at most about 1.8e308 in size.'
        ]);
    });

    test('a literal that underflows to 0 is an error at check', async () => {
        const path = model(
            `model m {\n    data all = sparse_experts(experts = 2, active = 1, n = 50, inputs = 2, noise = 1e-400, seed = 1)\n${FIT.replace('on train', 'on all')}`
        );
        expect(await errors(path)).toContain(
            'The number 1e-400 is too small: it rounds to 0 (the smallest positive number is about 5e-324).'
        );
    });

    test('a literal inside a list is checked too', async () => {
        const path = model(
            `model m {\n    data all = sparse_experts(experts = 2, active = 1, n = 50, inputs = 2, seed = 1)\n    predict all intervals = [0.5, 1e999]\n${FIT.replace('on train', 'on all')}`
        );
        expect((await errors(path)).some(m => m.startsWith('The number 1e999 is too large'))).toBe(true);
    });

    test('a split fraction that gives no rows is an error at check', async () => {
        const path = model(
            `model m {\n    data all = sparse_experts(experts = 2, active = 1, n = 50, inputs = 2, seed = 1)\n    split all into train = 5e-324, rest = 0.5\n${FIT}`
        );
        expect(await errors(path)).toContain(
            "The split fraction 5e-324 of 'all' (n = 50) gives no rows; give at least 0.02."
        );
    });

    test('a split fraction of a CSV file that gives no rows is an error at compile', async () => {
        const path = model(
            `model m {\n    data all = csv("DATA", target = y, inputs = [x1])\n    split all into train = 0.001, rest = 0.5\n${FIT}`,
            'x1,y\n1,2\n3,4\n'
        );
        const output = await compileModelFile(path);
        expect(output.plan).toBeUndefined();
        expect(output.problems.map(p => p.message)).toContain(
            "The model could not be compiled: the split part 'train' (line 3) gets no rows of the 2 in its source; give it a larger fraction."
        );
    });
});

describe('row count of a CSV file', () => {
    test('agrees with csv-parse on random files with quotes, quoted line breaks, CRLF and empty lines', () => {
        const rng = new Rng(20261201, 'csv-rows');
        const pieces = ['1', '2.5', '"a,b"', '"line\nbreak"', '"say ""hi"""', '', '"\r\n"'];
        for (let trial = 0; trial < 200; trial++) {
            const lines: string[] = ['a,b,c'];
            for (let r = rng.integer(20); r > 0; r--) {
                lines.push(
                    rng.uniform() < 0.1 ? '' : [0, 1, 2].map(() => pieces[rng.integer(pieces.length)]).join(',')
                );
            }
            const eol = rng.uniform() < 0.5 ? '\n' : '\r\n';
            const text = lines.join(eol) + (rng.uniform() < 0.5 ? eol : '');
            const path = join(dir, `rows-${trial}.csv`);
            writeFileSync(path, text);
            const expected = Math.max(
                0,
                (parse(readFileSync(path, 'utf8'), { skip_empty_lines: true, relax_column_count: true }) as unknown[])
                    .length - 1
            );
            expect(countCsvRows(path), JSON.stringify(text)).toBe(expected);
        }
    });

    test('refuses a device', () => {
        expect(() => countCsvRows('/dev/zero')).toThrow('/dev/zero is not a regular file');
    });
});

describe('sizes that cannot fit', () => {
    const pl = (fit: string, count = 2, n = 500) =>
        model(`model m {
    data train = sparse_experts(experts = 2, active = 1, n = ${n}, inputs = 2, seed = 1)
    experts y ~ gaussian(count = ${count}, coefficients = normal(mean = 0, variance = 10), variance = inverse_gamma(shape = 2, rate = 1))
    gate ~ stick_breaking(prior = normal(mean = 0, variance = 1))
    fit ${fit} on train
}
`);

    test('a billion particles is an error at check that names the particles and what to change', async () => {
        const messages = await errors(pl('particle_learning(particles = 1000000000, chains = 4)'));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(
            /^This fit needs about [\d.e+]+ GiB \(.*4 filters of 1000000000 particles, \d+ bytes each: [\d.e+]+ GiB.*\), more than the [\d.]+ GiB it may use on this machine \(75% of its memory\): use fewer particles or filters \(chains\)\.$/
        );
    });

    test('a million experts is an error at check', async () => {
        const messages = await errors(pl('particle_learning(particles = 100, chains = 1)', 1_000_000));
        expect(messages.some(m => m.startsWith('This fit needs about'))).toBe(true);
    });

    test('a million EM restarts is an error at check', async () => {
        const path = model(`model m {
    data train = hierarchical(n = 200, inputs = 1, outer = softmax, inner = softmax, outer_weights = [[1], [-1]], outer_bias = [0, 0],
        inner_weights = [[[1], [-1]], [[1], [-1]]], inner_bias = [[0, 0], [0, 0]], coefficients = [[[1, 1], [1, -1]], [[-1, 1], [-1, -1]]],
        variances = [[0.1, 0.1], [0.1, 0.1]], seed = 1)
    experts y ~ gaussian(count = 4)
    gate ~ hierarchy(outer = softmax(branches = 2), inner = softmax(branches = 2))
    fit em(restarts = 1000000) on train
}
`);
        expect(await errors(path)).toContain('1000000 EM restarts would run for days; at most 10000 are allowed.');
    });

    test('settings that fit give no size error', async () => {
        expect(await errors(pl('particle_learning(particles = 1000, chains = 4)'))).toEqual([]);
    });
});
