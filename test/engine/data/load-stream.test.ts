import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamSpec } from '@moe-studio/engine/plan';
import { loadStream } from '../../../packages/engine/src/data/load-stream.js';
import { DataError } from '../../../packages/engine/src/errors.js';
import { generateSparseExperts } from '../../../packages/engine/src/data/generators/sparse-experts.js';
import { hmoeSource, shiftPlan, sparseExpertsPlan } from '../plan/plans.js';

let dir: string;
let file: string;
const raw = { x1: [] as number[], x2: [] as number[], y: [] as number[] };
beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'moe-stream-'));
    file = join(dir, 'data.csv');
    const lines = ['y,x1,skip,x2'];
    for (let i = 0; i < 40; i++) {
        const x1 = ((i * 7) % 11) - 3;
        const x2 = Math.sin(i) * 10 + 100;
        const y = 2 * x1 - x2 / 10 + (i % 3);
        raw.x1.push(x1);
        raw.x2.push(x2);
        raw.y.push(y);
        lines.push(`${y},${x1},text,${x2}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvStream(
    rows: { start: number; end: number },
    options: { standardize: boolean; standardizeTarget: boolean; intercept?: boolean }
): StreamSpec {
    return {
        name: 'data',
        line: 4,
        rows,
        source: {
            kind: 'csv',
            path: file,
            target: 'y',
            inputs: ['x1', 'x2'],
            intercept: options.intercept ?? true,
            standardize: options.standardize,
            standardizeTarget: options.standardizeTarget
        }
    };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

describe('loadStream: CSV', () => {
    it('builds the design matrix with an intercept column and keeps file lines', async () => {
        const data = await loadStream(
            csvStream({ start: 5, end: 15 }, { standardize: false, standardizeTarget: false })
        );
        expect(data.n).toBe(10);
        expect(data.d).toBe(3);
        expect(data.columns).toEqual(['(intercept)', 'x1', 'x2']);
        expect(Array.from(data.X.subarray(0, 3))).toEqual([1, raw.x1[5], raw.x2[5]]);
        expect(Array.from(data.y)).toEqual(raw.y.slice(5, 15));
        expect(data.lines[0]).toBe(7);
        expect(data.firstRow).toBe(5);
        expect(data.standardization).toBeUndefined();
    });

    it('standardises with the training rows and applies the same statistics to held-out rows', async () => {
        const train = await loadStream(
            csvStream({ start: 0, end: 30 }, { standardize: true, standardizeTarget: true })
        );
        const stats = train.standardization!;
        expect(stats.mean[0]).toBeCloseTo(mean(raw.x1.slice(0, 30)), 12);
        expect(stats.sd[1]).toBeCloseTo(sd(raw.x2.slice(0, 30)), 12);
        expect(stats.target!.mean).toBeCloseTo(mean(raw.y.slice(0, 30)), 12);
        const column = (j: number) => Array.from({ length: train.n }, (_, i) => train.X[i * 3 + j]!);
        expect(mean(column(1))).toBeCloseTo(0, 12);
        expect(sd(column(2))).toBeCloseTo(1, 12);
        expect(sd(Array.from(train.y))).toBeCloseTo(1, 12);

        const test = await loadStream(
            csvStream({ start: 30, end: 40 }, { standardize: true, standardizeTarget: true }),
            stats
        );
        for (let i = 0; i < 10; i++) {
            expect(test.X[i * 3 + 1]).toBeCloseTo((raw.x1[30 + i]! - stats.mean[0]!) / stats.sd[0]!, 12);
            expect(test.X[i * 3 + 2]).toBeCloseTo((raw.x2[30 + i]! - stats.mean[1]!) / stats.sd[1]!, 12);
            expect(test.y[i]).toBeCloseTo((raw.y[30 + i]! - stats.target!.mean) / stats.target!.sd, 12);
        }
        // Held-out rows are not centred by their own mean.
        expect(Math.abs(mean(Array.from({ length: 10 }, (_, i) => test.X[i * 3 + 2]!)))).toBeGreaterThan(1e-3);
    });

    it('refuses to standardise a column without spread, naming it', async () => {
        const constant = join(dir, 'constant.csv');
        writeFileSync(constant, 'y,x1,x2\n1,5,1\n2,5,2\n3,5,4\n');
        const spec = csvStream({ start: 0, end: 3 }, { standardize: true, standardizeTarget: false });
        spec.source = { ...spec.source, path: constant } as typeof spec.source;
        await expect(loadStream(spec)).rejects.toThrow(DataError);
        await expect(loadStream(spec)).rejects.toThrow(/column 'x1' has no spread in the training rows/);
    });
});

describe('loadStream: generators', () => {
    it('sparse experts: design (1, x), generator values, split rows', async () => {
        const spec = sparseExpertsPlan({ n: 300 }).data.train;
        const full = await loadStream(spec);
        expect(full.n).toBe(300);
        expect(full.d).toBe(6);
        expect(full.columns).toEqual(['(intercept)', 'x1', 'x2', 'x3', 'x4', 'x5']);
        expect(full.lines.length).toBe(0);
        const sample = generateSparseExperts(spec.source as never);
        expect(Array.from(full.X.subarray(6, 12))).toEqual([1, ...Array.from(sample.x.subarray(5, 10))]);
        expect(full.y).toEqual(sample.y);

        const part = await loadStream({ ...spec, rows: { start: 100, end: 250 } });
        expect(part.n).toBe(150);
        expect(part.firstRow).toBe(100);
        expect(part.X).toEqual(full.X.slice(600, 1500));
        expect(part.y).toEqual(full.y.slice(100, 250));
    });

    it('without an intercept the design is the inputs alone', async () => {
        const spec = sparseExpertsPlan({ n: 50 }).data.train;
        const data = await loadStream({ ...spec, source: { ...spec.source, intercept: false } as typeof spec.source });
        expect(data.d).toBe(5);
        expect(data.columns).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
        expect(data.X.length).toBe(250);
    });

    it('hierarchical and shift streams load with their source attached', async () => {
        const h = await loadStream({ name: 'h', line: 1, source: hmoeSource('softmax', 'laplace', 120, 3) });
        expect(h.d).toBe(3);
        expect(h.source.kind).toBe('hierarchical');
        const s = await loadStream(shiftPlan().data.train);
        expect(s.n).toBe(300);
        expect(s.d).toBe(3);
    });
});
