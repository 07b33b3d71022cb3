/** A stop asked for while a CSV file is read is honoured within a few thousand records. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsv } from '../../../packages/engine/src/data/csv.js';
import { CancelledError } from '../../../packages/engine/src/errors.js';

describe('stopping a CSV read', () => {
    const folder = mkdtempSync(join(tmpdir(), 'moe-csv-stop-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'long.csv');
    writeFileSync(path, 'x,y\n' + '1,2\n'.repeat(100_000));

    test('a stop flag set before the read stops it at the first poll', async () => {
        let polls = 0;
        const read = readCsv({ path, target: 'y', inputs: ['x'] }, () => {
            polls++;
            return true;
        });
        await expect(read).rejects.toBeInstanceOf(CancelledError);
        expect(polls).toBe(1);
    });

    test('without a stop the whole file is read, polling every 4096 records', async () => {
        let polls = 0;
        const table = await readCsv({ path, target: 'y', inputs: ['x'] }, () => {
            polls++;
            return false;
        });
        expect(table.n).toBe(100_000);
        expect(polls).toBe(Math.floor(100_001 / 4096));
    });
});
