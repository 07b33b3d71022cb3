import { logBeta } from './log-gamma.js';

/**
 * Regularised incomplete beta I_x(a, b) by the continued fraction of Press et al., Numerical
 * Recipes §6.4 (betacf), evaluated with the modified Lentz method; the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) keeps the fraction in its fast-converging region.
 * `y` = 1 - x may be passed when the caller has it without cancellation (the Student-t CDF does);
 * `lbeta` = log B(a, b) may be passed when the caller caches it.
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, y = 1 - x, lbeta = logBeta(a, b)): number {
    if (x <= 0) return 0;
    if (y <= 0) return 1;
    const front = Math.exp(a * Math.log(x) + b * Math.log(y) - lbeta);
    if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
    return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

const TINY = 1e-300;
const EPS = 1e-15;
const MAX_ITERATIONS = 10000;

function betaContinuedFraction(a: number, b: number, x: number): number {
    const qab = a + b;
    const qap = a + 1;
    const qam = a - 1;
    let c = 1;
    let d = 1 - (qab * x) / qap;
    if (Math.abs(d) < TINY) d = TINY;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= MAX_ITERATIONS; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < TINY) d = TINY;
        c = 1 + aa / c;
        if (Math.abs(c) < TINY) c = TINY;
        d = 1 / d;
        h *= d * c;
        aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < TINY) d = TINY;
        c = 1 + aa / c;
        if (Math.abs(c) < TINY) c = TINY;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < EPS) return h;
    }
    return h;
}
