/** One run, one entry; data told apart by its fingerprint, not by its shape alone. */
import { describe, expect, it } from 'vitest';
import {
    canonicalJson,
    dataFingerprint,
    resultHash,
    uniqueRuns
} from '../../packages/extension/src/extension/run-identity.js';
import { plResult } from './fixtures.js';
import { infoForTest } from './run-info.js';

describe('run identity', () => {
    it('lists a run, its auto-saved file and a renamed export of it once', () => {
        const result = plResult();
        const here = { info: infoForTest(result, 'made here'), result };
        // A file holds the same result after a JSON round trip, its keys possibly in another order.
        const saved = {
            info: { ...infoForTest(result, 'saved'), runId: 'file:/w/.moe-results/tiny.json' },
            result: JSON.parse(JSON.stringify(result))
        };
        const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(result))).reverse());
        const exported = {
            info: { ...infoForTest(result, 'export'), runId: 'file:/w/.moe-results/tiny-final.json' },
            result: reordered as unknown as typeof result
        };
        const other = plResult();
        other.seed = 4;
        const another = { info: infoForTest(other, 'seed 4'), result: other };
        const kept = uniqueRuns([here, saved, exported, another]);
        expect(kept.map(r => r.info.label)).toEqual(['made here', 'seed 4']);
    });

    it('tells apart data of the same size and columns', () => {
        const a = plResult();
        const b = plResult();
        expect(dataFingerprint(a)).toBe(dataFingerprint(b));
        b.predictive!.points[0].y += 1;
        expect(dataFingerprint(a)).not.toBe(dataFingerprint(b));
        const c = plResult();
        c.standardization = { inputMeans: [0, 1], inputSds: [1, 2] } as unknown as typeof c.standardization;
        expect(dataFingerprint(c)).not.toBe(dataFingerprint(a));
        // The seed and the fit do not change the data's fingerprint.
        const d = plResult();
        d.seed = 99;
        d.logMarginalLikelihood += 3;
        expect(dataFingerprint(d)).toBe(dataFingerprint(a));
        expect(resultHash(d)).not.toBe(resultHash(a));
    });

    it("identifies data read from files by the files' SHA-256, not by what the result says of them", () => {
        const a = plResult();
        a.dataFiles = [{ path: '/w/data.csv', sha256: 'a'.repeat(64) }];
        // The same file read from elsewhere, fitted with another seed: the same data.
        const moved = plResult();
        moved.dataFiles = [{ path: '/elsewhere/data.csv', sha256: 'a'.repeat(64) }];
        moved.seed = 5;
        moved.predictive!.points[0].y += 1;
        expect(dataFingerprint(moved)).toBe(dataFingerprint(a));
        // Another file of the same shape and the same summary statistics: other data.
        const other = plResult();
        other.dataFiles = [{ path: '/w/data.csv', sha256: 'b'.repeat(64) }];
        expect(dataFingerprint(other)).not.toBe(dataFingerprint(a));
        // The same file with other rows (another split) is other data too.
        const fewer = plResult();
        fewer.dataFiles = a.dataFiles;
        fewer.observations -= 1;
        expect(dataFingerprint(fewer)).not.toBe(dataFingerprint(a));
    });

    it('writes canonical JSON with sorted keys and without undefined fields', () => {
        expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 2 }] })).toBe('{"a":[1,{"c":2}],"b":1}');
    });
});
