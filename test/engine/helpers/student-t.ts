import { logGamma } from '../../../packages/engine/src/special/log-gamma.js';

/** Log density of the Student-t with nu degrees of freedom, location mu and scale² s2: the closed form tests check the engine against. */
export function studentTLogPdf(y: number, nu: number, mu: number, s2: number): number {
    const e = y - mu;
    return (
        logGamma(0.5 * (nu + 1)) -
        logGamma(0.5 * nu) -
        0.5 * Math.log(nu * s2 * Math.PI) -
        0.5 * (nu + 1) * Math.log1p((e * e) / (nu * s2))
    );
}
