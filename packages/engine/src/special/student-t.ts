import { logBeta, logGamma } from './log-gamma.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';

const LOG_PI = Math.log(Math.PI);

/**
 * log t_nu(y; mu, s2) with scale^2 s2 (method.md §1.2):
 * lgamma((nu+1)/2) - lgamma(nu/2) - log(nu pi s2)/2 - (nu+1)/2 log(1 + (y-mu)^2/(nu s2)).
 */
export function studentTLogPdf(y: number, nu: number, mu: number, s2: number): number {
    const e = y - mu;
    return logGamma(0.5 * (nu + 1)) - logGamma(0.5 * nu) - 0.5 * (Math.log(nu * s2) + LOG_PI) -
        0.5 * (nu + 1) * Math.log1p((e * e) / (nu * s2));
}

/**
 * Standard Student-t CDF F(u; nu) = 1 - I_{nu/(nu+u^2)}(nu/2, 1/2)/2 for u > 0 (method.md §3),
 * symmetric for u < 0. 1 - x = u^2/(nu+u^2) is passed without cancellation. `lbeta` may carry a
 * cached log B(nu/2, 1/2).
 */
export function studentTCdf(u: number, nu: number, lbeta = logBeta(0.5 * nu, 0.5)): number {
    if (u === 0) return 0.5;
    if (u === Infinity) return 1;
    if (u === -Infinity) return 0;
    const u2 = u * u;
    const x = nu / (nu + u2);
    const tail = 0.5 * regularizedIncompleteBeta(0.5 * nu, 0.5, x, u2 / (nu + u2), lbeta);
    return u > 0 ? 1 - tail : tail;
}
