/**
 * A corpus of malformed CSV files through the built `moe run`: each kind exits 1 with one line
 * naming the file and the line where the bad record starts (a quoted line break or an unclosed
 * quote included), with no stack trace and no control characters from the file.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { csvPlan } from '../engine/plan/plans.js';
import { runMoe, TempDir } from './helpers.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const GOOD = '1,2,3\n';
const rows = (bad: string, at = 2) => 'x1,x2,y\n' + GOOD.repeat(at - 2) + bad + GOOD.repeat(6 - at);

/** Kind, file text, the line the message must name, and a part of the message. */
const CORPUS: Array<[string, string, number, string]> = [
    ['text in a numeric column', rows('1,abc,3\n', 3), 3, "text 'abc' in numeric column 'x2'"],
    ['an empty field', rows('1,,3\n', 4), 4, "missing value in column 'x2'"],
    ['a missing-value token', rows('NA,2,3\n', 3), 3, "missing value ('NA') in column 'x1'"],
    [
        'a number beyond double precision',
        rows('1,1e999,3\n', 3),
        3,
        "value '1e999' in column 'x2' is out of the range of double precision"
    ],
    ['too few fields', rows('1,2\n', 5), 5, 'wrong number of fields: expected 3 (as in the header), found 2'],
    ['too many fields', rows('1,2,3,4\n', 3), 3, 'wrong number of fields: expected 3 (as in the header), found 4'],
    ['a quoted line break in a numeric field', rows('"1\n2",2,3\n', 3), 3, "text '1?2' in numeric column 'x1'"],
    ['an unclosed quote', rows('"1,2,3\n', 4), 4, 'malformed CSV: Quote Not Closed'],
    ['text after a closing quote', rows('1,"2"x,3\n', 3), 3, 'malformed CSV: Invalid Closing Quote'],
    ['an empty file', '', 1, 'the file is empty (no header line)'],
    ['a header only', 'x1,x2,y\n', 1, 'rows 0 to 4 were requested but the file has only 0 data rows'],
    ['a missing column', 'x1,z,y\n' + GOOD.repeat(5), 1, "column 'x2' not found; the columns are: x1, z, y"]
];

describe('malformed CSV files', () => {
    test.each(CORPUS)('%s: exit 1, file and line named, no stack trace', (_kind, text, line, message) => {
        const csv = tmp.file(`data-${CORPUS.findIndex(c => c[1] === text)}.csv`, text);
        const plan = tmp.file(
            `plan-${CORPUS.findIndex(c => c[1] === text)}.json`,
            csvPlan(csv, { train: [0, 4], test: [4, 5] })
        );
        const run = runMoe(['run', plan, '--quiet']);
        expect(run.code).toBe(1);
        const lines = run.stderr.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0].startsWith(`${csv}:${line}: `), lines[0]).toBe(true);
        expect(lines[0]).toContain(message);
        expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
        expect(join(lines[0])).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    });
});
