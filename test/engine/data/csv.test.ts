import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../../packages/engine/src/data/csv.js';
import { DataError } from '../../../packages/engine/src/errors.js';

let dir: string;
beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'moe-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

async function dataError(promise: Promise<unknown>): Promise<DataError> {
    try {
        await promise;
    } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return error as DataError;
    }
    throw new Error('no error was thrown');
}

describe('readCsv', () => {
    it("keeps the requested columns, in the requested order, with each row's line", async () => {
        const path = csv('good.csv', 'id,x1,y,x2\n1,0.5,10,-1\n2,1.5e1,11,"2"\n\n3,-.25,12,3\n');
        const table = await readCsv({ path, target: 'y', inputs: ['x2', 'x1'] });
        expect(table.n).toBe(3);
        expect(Array.from(table.inputs)).toEqual([-1, 0.5, 2, 15, 3, -0.25]);
        expect(Array.from(table.target)).toEqual([10, 11, 12]);
        // The blank line 4 is skipped; the third row is on line 5.
        expect(Array.from(table.lines)).toEqual([2, 3, 5]);
        expect(table.inputs).toBeInstanceOf(Float64Array);
    });

    it('handles a byte-order mark, CRLF line ends and quoted fields with commas', async () => {
        const path = csv('crlf.csv', '\uFEFF"x, first",y\r\n1,2\r\n3,4\r\n');
        const table = await readCsv({ path, target: 'y', inputs: ['x, first'] });
        expect(Array.from(table.inputs)).toEqual([1, 3]);
        expect(Array.from(table.lines)).toEqual([2, 3]);
    });

    it('reads only the requested rows and stops there', async () => {
        const rows = Array.from({ length: 50 }, (_, i) => `${i},${2 * i}`);
        // A malformed row after the range must not be read at all.
        const path = csv('range.csv', `x,y\n${rows.join('\n')}\nnot,a,row\n`);
        const table = await readCsv({ path, target: 'y', inputs: ['x'], rows: { start: 10, end: 20 } });
        expect(Array.from(table.inputs)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
        expect(table.lines[0]).toBe(12);
    });

    it('reads a file larger than the stream buffers', async () => {
        const n = 20000;
        const rows = Array.from({ length: n }, (_, i) => `${i},${i % 7},${i * 0.5}`);
        const path = csv('large.csv', `a,b,y\n${rows.join('\n')}\n`);
        const table = await readCsv({ path, target: 'y', inputs: ['a', 'b'] });
        expect(table.n).toBe(n);
        expect(table.inputs[2 * (n - 1)]).toBe(n - 1);
        expect(table.target[n - 1]).toBe((n - 1) * 0.5);
        expect(table.lines[n - 1]).toBe(n + 1);
    });
});

describe('readCsv errors name the file, the line and what is wrong', () => {
    it.each([
        ['missing value', 'x,y\n1,2\n3,\n', 3, /missing value in column 'y'/],
        ['NA token', 'x,y\n1,2\nNA,4\n', 3, /missing value \('NA'\) in column 'x'/],
        ['text in a numeric column', 'x,y\n1,2\n3,4\nabc,5\n', 4, /text 'abc' in numeric column 'x'/],
        ['hexadecimal is not a decimal number', 'x,y\n0x10,2\n', 2, /text '0x10' in numeric column 'x'/],
        [
            'too few fields',
            'x,y,z\n1,2,3\n4,5\n',
            3,
            /wrong number of fields: expected 3 \(as in the header\), found 2/
        ],
        ['too many fields', 'x,y\n1,2\n3,4,5\n', 3, /expected 2 .* found 3/],
        ['unclosed quote', 'x,y\n1,2\n"3,4\n', 3, /malformed CSV/],
        ['empty file', '', 1, /empty/],
        ['header only', 'x,y\n', 1, /no data rows/]
    ])('%s', async (_name, text, line, reason) => {
        const path = csv(`bad-${line}-${text.length}.csv`, text);
        const error = await dataError(readCsv({ path, target: 'y', inputs: ['x'] }));
        expect(error.file).toBe(path);
        expect(error.line).toBe(line);
        expect(error.reason).toMatch(reason);
        expect(error.message).toBe(`${path}:${line}: ${error.reason}`);
    });

    it('a missing column lists the columns that exist', async () => {
        const path = csv('columns.csv', 'accel,times\n1,2\n');
        const error = await dataError(readCsv({ path, target: 'accel', inputs: ['time'] }));
        expect(error.line).toBe(1);
        expect(error.reason).toBe("column 'time' not found; the columns are: accel, times");
    });

    it('a range beyond the end of the file says how many rows there are', async () => {
        const path = csv('short.csv', 'x,y\n1,2\n3,4\n');
        const error = await dataError(readCsv({ path, target: 'y', inputs: ['x'], rows: { start: 0, end: 5 } }));
        expect(error.reason).toMatch(/only 2 data rows/);
    });

    it('a file that does not exist', async () => {
        const path = join(dir, 'nope.csv');
        const error = await dataError(readCsv({ path, target: 'y', inputs: ['x'] }));
        expect(error.reason).toBe('file not found');
        expect(error.file).toBe(path);
    });
});
