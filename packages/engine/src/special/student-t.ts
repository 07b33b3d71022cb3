import { logBeta } from './log-gamma.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';

/**
 * Standard Student-t CDF F(u; nu) = 1 - I_{nu/(nu+u^2)}(nu/2, 1/2)/2 for u > 0 (docs/method.md §3),
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
