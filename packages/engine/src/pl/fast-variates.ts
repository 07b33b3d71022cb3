import { marsagliaTsangGamma } from '../random/gamma.js';
import type { Rng } from '../random/rng.js';

/**
 * Fast uniform, normal, exponential and gamma variates for the filter's inner loops, which draw
 * about a hundred normals and exponentials per particle per observation (horseshoe sweep and
 * gate redraws). Each instance is seeded from an `Rng` stream (so every draw still derives from
 * the plan's seed, reproducibly) and then runs its own sfc32 generator, held in an Int32Array so
 * that no state update allocates.
 *
 * Normal and exponential variates use the ziggurat method of Marsaglia & Tsang (2000), "The
 * Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8) (128 layers for the
 * normal, 256 for the exponential, their table construction and tail algorithms), with the layer
 * index taken from a separate random word as Doornik (2005) recommends, so the index and the
 * value are independent. About 99% of draws cost one table lookup and a multiplication, against
 * a log and a sin/cos for Box-Muller.
 */

const NORMAL_LAYERS = 128;
const NORMAL_R = 3.442619855899;
const NORMAL_V = 9.91256303526217e-3;
const EXP_LAYERS = 256;
const EXP_R = 7.697117470131487;
const EXP_V = 3.949659822581572e-3;
const M31 = 2147483648;
const M32 = 4294967296;

const kn = new Float64Array(NORMAL_LAYERS);
const wn = new Float64Array(NORMAL_LAYERS);
const fn = new Float64Array(NORMAL_LAYERS);
const ke = new Float64Array(EXP_LAYERS);
const we = new Float64Array(EXP_LAYERS);
const fe = new Float64Array(EXP_LAYERS);

(function buildTables(): void {
    // Normal (Marsaglia & Tsang 2000, zigset).
    let dn = NORMAL_R;
    let tn = dn;
    const q = NORMAL_V / Math.exp(-0.5 * dn * dn);
    kn[0] = (dn / q) * M31;
    kn[1] = 0;
    wn[0] = q / M31;
    wn[NORMAL_LAYERS - 1] = dn / M31;
    fn[0] = 1;
    fn[NORMAL_LAYERS - 1] = Math.exp(-0.5 * dn * dn);
    for (let i = NORMAL_LAYERS - 2; i >= 1; i--) {
        dn = Math.sqrt(-2 * Math.log(NORMAL_V / dn + Math.exp(-0.5 * dn * dn)));
        kn[i + 1] = (dn / tn) * M31;
        tn = dn;
        fn[i] = Math.exp(-0.5 * dn * dn);
        wn[i] = dn / M31;
    }
    // Exponential.
    let de = EXP_R;
    let te = de;
    const qe = EXP_V / Math.exp(-de);
    ke[0] = (de / qe) * M32;
    ke[1] = 0;
    we[0] = qe / M32;
    we[EXP_LAYERS - 1] = de / M32;
    fe[0] = 1;
    fe[EXP_LAYERS - 1] = Math.exp(-de);
    for (let i = EXP_LAYERS - 2; i >= 1; i--) {
        de = -Math.log(EXP_V / de + Math.exp(-de));
        ke[i + 1] = (de / te) * M32;
        te = de;
        fe[i] = Math.exp(-de);
        we[i] = de / M32;
    }
})();

export class FastVariates {
    private readonly s = new Int32Array(4);

    constructor(seedSource: Rng) {
        for (let i = 0; i < 4; i++) this.s[i] = seedSource.nextUint32() | 0;
        for (let i = 0; i < 16; i++) this.next();
    }

    /** sfc32 step (same generator as `Rng`), returning a signed 32-bit word. */
    next(): number {
        const s = this.s;
        const a = s[0];
        const b = s[1];
        const c = s[2];
        const d = s[3];
        const t = (((a + b) | 0) + d) | 0;
        s[3] = (d + 1) | 0;
        s[0] = b ^ (b >>> 9);
        s[1] = (c + (c << 3)) | 0;
        s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
        return t;
    }

    /** Uniform on the open interval (0, 1) with 53 random bits. */
    uniform(): number {
        const hi = this.next() >>> 5;
        const lo = this.next() >>> 6;
        return (hi * 67108864 + lo + 0.5) / 9007199254740992;
    }

    normal(): number {
        for (;;) {
            const hz = this.next();
            const iz = this.next() & (NORMAL_LAYERS - 1);
            const x = hz * wn[iz];
            if ((hz < 0 ? -hz : hz) < kn[iz]) return x;
            if (iz === 0) {
                // Tail beyond r (Marsaglia 1964).
                let xt: number;
                let y: number;
                do {
                    xt = -Math.log(this.uniform()) / NORMAL_R;
                    y = -Math.log(this.uniform());
                } while (y + y < xt * xt);
                return hz > 0 ? NORMAL_R + xt : -NORMAL_R - xt;
            }
            if (fn[iz] + this.uniform() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
        }
    }

    exponential(): number {
        for (;;) {
            const jz = this.next() >>> 0;
            const iz = this.next() & (EXP_LAYERS - 1);
            const x = jz * we[iz];
            if (jz < ke[iz]) return x;
            if (iz === 0) return EXP_R - Math.log(this.uniform());
            if (fe[iz] + this.uniform() * (fe[iz - 1] - fe[iz]) < Math.exp(-x)) return x;
        }
    }

    /**
     * Fill out[off .. off+n) with standard normals. Batch filling keeps the generator state in
     * locals and returns nothing per draw, so no number is boxed on the way (the hot loops draw
     * their normals and exponentials this way).
     */
    fillNormal(out: Float64Array, off: number, n: number): void {
        const s = this.s;
        let a = s[0];
        let b = s[1];
        let c = s[2];
        let d = s[3];
        for (let k = 0; k < n; k++) {
            // Two sfc32 words: the value and the layer index.
            let t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (((c << 21) | (c >>> 11)) + t) | 0;
            const hz = t;
            t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (((c << 21) | (c >>> 11)) + t) | 0;
            const iz = t & (NORMAL_LAYERS - 1);
            if ((hz < 0 ? -hz : hz) < kn[iz]) {
                out[off + k] = hz * wn[iz];
            } else {
                s[0] = a;
                s[1] = b;
                s[2] = c;
                s[3] = d;
                out[off + k] = this.normalSlow(hz, iz);
                a = s[0];
                b = s[1];
                c = s[2];
                d = s[3];
            }
        }
        s[0] = a;
        s[1] = b;
        s[2] = c;
        s[3] = d;
    }

    /** Fill out[off .. off+n) with Exp(1) draws (see `fillNormal`). */
    fillExponential(out: Float64Array, off: number, n: number): void {
        const s = this.s;
        let a = s[0];
        let b = s[1];
        let c = s[2];
        let d = s[3];
        for (let k = 0; k < n; k++) {
            let t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (((c << 21) | (c >>> 11)) + t) | 0;
            const jz = t >>> 0;
            t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (((c << 21) | (c >>> 11)) + t) | 0;
            const iz = t & (EXP_LAYERS - 1);
            if (jz < ke[iz]) {
                out[off + k] = jz * we[iz];
            } else {
                s[0] = a;
                s[1] = b;
                s[2] = c;
                s[3] = d;
                out[off + k] = this.exponentialSlow(jz, iz);
                a = s[0];
                b = s[1];
                c = s[2];
                d = s[3];
            }
        }
        s[0] = a;
        s[1] = b;
        s[2] = c;
        s[3] = d;
    }

    /** The ziggurat's rejection part after a first draw (hz, iz) fell outside its rectangle. */
    private normalSlow(hz: number, iz: number): number {
        for (;;) {
            const x = hz * wn[iz];
            if (iz === 0) {
                let xt: number;
                let y: number;
                do {
                    xt = -Math.log(this.uniform()) / NORMAL_R;
                    y = -Math.log(this.uniform());
                } while (y + y < xt * xt);
                return hz > 0 ? NORMAL_R + xt : -NORMAL_R - xt;
            }
            if (fn[iz] + this.uniform() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
            hz = this.next();
            iz = this.next() & (NORMAL_LAYERS - 1);
            if ((hz < 0 ? -hz : hz) < kn[iz]) return hz * wn[iz];
        }
    }

    private exponentialSlow(jz: number, iz: number): number {
        for (;;) {
            if (iz === 0) return EXP_R - Math.log(this.uniform());
            const x = jz * we[iz];
            if (fe[iz] + this.uniform() * (fe[iz - 1] - fe[iz]) < Math.exp(-x)) return x;
            jz = this.next() >>> 0;
            iz = this.next() & (EXP_LAYERS - 1);
            if (jz < ke[iz]) return jz * we[iz];
        }
    }

    /** Gamma(shape, 1), Marsaglia & Tsang (2000), from this generator's normals and uniforms. */
    gamma(shape: number): number {
        return marsagliaTsangGamma(this, shape);
    }
}
