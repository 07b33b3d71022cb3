/**
 * Mean and variance of the Polya-Gamma distribution PG(b, c) (Polson, Scott & Windle 2013,
 * JASA 108:1339; docs/method.md §2.8), with the series near c = 0 and the overflow-free form for |c| > 1.
 */

export function polyaGammaMean(b: number, c: number): number {
    const a = Math.abs(c);
    if (a < 1e-2) {
        const c2 = a * a;
        return b * (0.25 - c2 / 48 + (c2 * c2) / 480);
    }
    return (b / (2 * a)) * Math.tanh(0.5 * a);
}

export function polyaGammaVariance(b: number, c: number): number {
    const a = Math.abs(c);
    if (a < 1e-2) {
        const c2 = a * a;
        return b * (1 / 24 - c2 / 120 + (17 * c2 * c2) / 13440);
    }
    if (a <= 1) return (b * (Math.sinh(a) - a)) / (2 * a * a * a * (1 + Math.cosh(a)));
    return (b / (2 * a * a * a)) * (Math.tanh(0.5 * a) - a / (1 + Math.cosh(a)));
}
