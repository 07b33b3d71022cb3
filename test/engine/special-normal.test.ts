import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalLogCdf, normalQuantile } from '../../packages/engine/src/special/normal.js';

// Reference values computed with mpmath at 30 digits. Cody's approximations are accurate to
// a few ulps, so relative tolerances of 1e-14 (1e-13 in the far tail, where exp() of a large
// argument loses a few more bits) are what the method guarantees.
const ERFC: Array<[number, number, number]> = [
    [0.1, 0.8875370839817151016, 1.1124629160182848984],
    [0.5, 0.47950012218695346232, 1.5204998778130465377],
    [1, 0.15729920705028513066, 1.8427007929497148693],
    [2, 0.0046777349810472658379, 1.9953222650189527342],
    [3.9, 3.4792248597231767129e-8, 1.9999999652077514028],
    [4.5, 1.9661604415428874763e-10, 1.9999999998033839558],
    [10, 2.088487583762544757e-45, 2.0],
    [26, 5.6631924088561428465e-296, 2.0]
];

const LOG_PHI: Array<[number, number]> = [
    [-40, -804.60844201375378817],
    [-10, -53.231285150512470578],
    [-5, -15.064998393988725736],
    [-1, -1.8410216450092635058],
    [0, -0.69314718055994530942],
    [1, -0.17275377902344988953],
    [3, -0.0013508099647481937988],
    [8, -6.2209605742717858094e-16]
];

function relErr(a: number, b: number): number {
    return Math.abs(a - b) / Math.abs(b);
}

describe('special/normal', () => {
    it('erfc matches reference values on both sides of zero', () => {
        for (const [x, pos, neg] of ERFC) {
            expect(relErr(erfc(x), pos)).toBeLessThan(x > 5 ? 1e-13 : 1e-14);
            expect(relErr(erfc(-x), neg)).toBeLessThan(1e-14);
            expect(Math.abs(erf(x) - (1 - pos))).toBeLessThan(2e-16);
        }
    });

    it('log Phi is accurate in the far lower tail and near 0 above', () => {
        for (const [u, ref] of LOG_PHI) {
            expect(relErr(normalLogCdf(u), ref)).toBeLessThan(1e-13);
        }
        expect(Number.isFinite(normalLogCdf(-1e4))).toBe(true);
        expect(normalLogCdf(-Infinity)).toBe(-Infinity);
    });

    it('CDF and quantile are inverse to each other', () => {
        const refs: Array<[number, number]> = [
            [1e-10, -6.3613409024040562047],
            [0.01, -2.3263478740408411009],
            [0.3, -0.52440051270804078404],
            [0.9, 1.281551565544600467],
            [0.999, 3.0902323061678135415]
        ];
        for (const [p, q] of refs) {
            expect(relErr(normalQuantile(p), q)).toBeLessThan(1e-12);
            expect(relErr(normalCdf(q), p)).toBeLessThan(1e-12);
        }
    });
});
