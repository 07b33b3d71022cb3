/**
 * Error function, complementary error function and the standard normal CDF / log-CDF.
 *
 * erf/erfc/erfcx: W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631-638, as in Cody's SPECFUN routine CALERF (netlib specfun/erf,
 * latest modification 1990), coefficients for IEEE double. Written here because JavaScript has
 * no erf and the engine needs a log-CDF that stays finite far in the tail (docs/method.md §6.8).
 * Relative accuracy is near machine precision on the whole line.
 */

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
    0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
    1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8
];
const D = [
    15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
    4362.61909014324716, 3439.36767414372164, 1230.33935480374942
];
const P = [
    0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
    0.0163153871373020978
];
const Q = [
    2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185
];
const SQRT_PI_INV = 0.56418958354775628695;
const THRESH = 0.46875;
const XBIG = 26.543;
const XHUGE = 6.71e7;

/** erf(y) for 0 <= |y| <= 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
    const y = Math.abs(x);
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
        num = (num + A[i]) * ysq;
        den = (den + B[i]) * ysq;
    }
    return (x * (num + A[3])) / (den + B[3]);
}

/** exp(y^2) erfc(y) for y > 0.46875 (Cody's second and third intervals). */
function erfcxLarge(y: number): number {
    if (y <= 4) {
        let num = C[8] * y;
        let den = y;
        for (let i = 0; i < 7; i++) {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        return (num + C[7]) / (den + D[7]);
    }
    if (y >= XHUGE) return SQRT_PI_INV / y;
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
        num = (num + P[i]) * ysq;
        den = (den + Q[i]) * ysq;
    }
    const r = (ysq * (num + P[4])) / (den + Q[4]);
    return (SQRT_PI_INV - r) / y;
}

/** exp(-y^2) computed as exp(-ysq^2) exp(-del) with ysq = y rounded to 1/16, avoiding the cancellation Cody notes. */
function expMinusSquare(y: number): number {
    const ysq = Math.trunc(y * 16) / 16;
    const del = (y - ysq) * (y + ysq);
    return Math.exp(-ysq * ysq) * Math.exp(-del);
}

export function erf(x: number): number {
    const y = Math.abs(x);
    if (y <= THRESH) return erfSmall(x);
    const r = y >= XBIG ? 0 : expMinusSquare(y) * erfcxLarge(y);
    const e = 0.5 - r + 0.5;
    return x < 0 ? -e : e;
}

export function erfc(x: number): number {
    const y = Math.abs(x);
    if (y <= THRESH) return 1 - erfSmall(x);
    const r = y >= XBIG ? 0 : expMinusSquare(y) * erfcxLarge(y);
    return x < 0 ? 2 - r : r;
}

/**
 * Scaled complementary error function exp(x^2) erfc(x). Finite for every x >= 0 (and for
 * x > -26.6); this is what makes the normal log-CDF exact far in the lower tail.
 */
export function erfcx(x: number): number {
    const y = Math.abs(x);
    let r: number;
    if (y <= THRESH) r = Math.exp(y * y) * (1 - erfSmall(x));
    else r = erfcxLarge(y);
    if (x < 0 && y > THRESH) {
        // erfcx(-y) = 2 exp(y^2) - erfcx(y)
        const ysq = Math.trunc(y * 16) / 16;
        const del = (y - ysq) * (y + ysq);
        r = 2 * Math.exp(ysq * ysq) * Math.exp(del) - r;
    }
    return r;
}

const SQRT1_2 = Math.SQRT1_2;
const LN_HALF = -Math.LN2;

/** Standard normal CDF Phi(u) = erfc(-u/sqrt 2)/2. */
export function normalCdf(u: number): number {
    return 0.5 * erfc(-u * SQRT1_2);
}

/**
 * log Phi(u), accurate on the whole line (docs/method.md §6.8). For u < 0 it uses
 * log Phi(u) = log(1/2) + log erfcx(-u/sqrt 2) - u^2/2, which has no underflow and no
 * cancellation; for u >= 0 it is log1p(-Phi(-u)).
 */
export function normalLogCdf(u: number): number {
    if (Number.isNaN(u)) return NaN;
    if (u < 0) {
        if (u === -Infinity) return -Infinity;
        const w = -u * SQRT1_2;
        return LN_HALF + Math.log(erfcx(w)) - w * w;
    }
    return Math.log1p(-0.5 * erfc(u * SQRT1_2));
}

/**
 * Standard normal quantile: Acklam's rational approximation (relative error 1.15e-9) refined
 * by one Halley step on the exact CDF, giving near machine precision.
 */
export function normalQuantile(p: number): number {
    if (!(p > 0 && p < 1)) {
        if (p === 0) return -Infinity;
        if (p === 1) return Infinity;
        return NaN;
    }
    const a = [
        -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
        2.506628277459239
    ];
    const b = [
        -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1
    ];
    const c = [
        -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
        2.938163982698783
    ];
    const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const plow = 0.02425;
    let x: number;
    if (p < plow) {
        const q = Math.sqrt(-2 * Math.log(p));
        x =
            (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - plow) {
        const q = p - 0.5;
        const r = q * q;
        x =
            ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        // The upper tail by symmetry: 1 - p is exact here (Sterbenz), while the refinement's
        // Phi(x) - p would cancel to the last bits of p (a relative error of 1e-9 at 1 - 1e-12).
        return -normalQuantile(1 - p);
    }
    // Halley refinement (Acklam): e = Phi(x) - p, u = e sqrt(2 pi) exp(x^2/2).
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
    return x - u / (1 + 0.5 * x * u);
}
