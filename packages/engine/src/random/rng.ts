/**
 * The one seeded random source of the engine. Every draw in a run comes from an `Rng` derived
 * from the plan's seed, never from `Math.random`, so the same plan and seed give the same
 * numbers bit for bit (docs/method.md §6.13).
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean,
 * 128-bit state), seeded through splitmix32. Written here because it is twenty lines and the
 * stream layout (one independent stream per purpose, `Rng.stream`) is part of the engine's
 * reproducibility contract.
 */

import { marsagliaTsangGamma } from './gamma.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix32 step: a good mixer for turning (seed, purpose) into a well-spread state word. */
function splitmix32(state: number): [number, number] {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return [z >>> 0, state];
}

/** FNV-1a of a string, so named streams ("resampling", "allocation", ...) get distinct seeds. */
function hashString(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}

export class Rng {
    private a: number;
    private b: number;
    private c: number;
    private d: number;
    /** Second Box-Muller normal, kept for the next call. */
    private spareNormal = NaN;

    /** `seed` may be any integer in [0, 2^53); `purpose` selects an independent stream. */
    constructor(seed: number, purpose = '') {
        if (!Number.isSafeInteger(seed) || seed < 0) {
            throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
        }
        let s = (seed % TWO_POW_32) ^ hashString(purpose);
        let w: number;
        [w, s] = splitmix32(s ^ Math.floor(seed / TWO_POW_32));
        this.a = w;
        [w, s] = splitmix32(s);
        this.b = w;
        [w, s] = splitmix32(s);
        this.c = w;
        [w, s] = splitmix32(s);
        this.d = w;
        // Discard the first outputs so nearby seeds decorrelate.
        for (let i = 0; i < 16; i++) this.nextUint32();
    }

    /** An independent generator for one purpose, derived from a seed (docs/method.md §6.13). */
    static stream(seed: number, purpose: string): Rng {
        return new Rng(seed, purpose);
    }

    nextUint32(): number {
        const t = (((this.a + this.b) | 0) + this.d) | 0;
        this.d = (this.d + 1) | 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) | 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) | 0;
        return t >>> 0;
    }

    /** Uniform on the open interval (0, 1) with 53 random bits, so log(u) is always finite. */
    uniform(): number {
        const hi = this.nextUint32() >>> 5; // 27 bits
        const lo = this.nextUint32() >>> 6; // 26 bits
        return (hi * 67108864 + lo + 0.5) / TWO_POW_53;
    }

    /** Standard normal by Box-Muller (docs/method.md §4.2), both values used. */
    normal(): number {
        if (!Number.isNaN(this.spareNormal)) {
            const z = this.spareNormal;
            this.spareNormal = NaN;
            return z;
        }
        const r = Math.sqrt(-2 * Math.log(this.uniform()));
        const theta = 2 * Math.PI * this.uniform();
        this.spareNormal = r * Math.sin(theta);
        return r * Math.cos(theta);
    }

    /** Exponential with rate 1. */
    exponential(): number {
        return -Math.log(this.uniform());
    }

    /** Gamma(shape, 1) (Marsaglia & Tsang; see `marsagliaTsangGamma`). */
    gamma(shape: number): number {
        if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
        return marsagliaTsangGamma(this, shape);
    }

    /** Integer uniform on {0, ..., n-1}. */
    integer(n: number): number {
        return Math.min(n - 1, Math.floor(this.uniform() * n));
    }
}
