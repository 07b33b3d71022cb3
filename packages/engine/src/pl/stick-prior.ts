import type { GatePrior } from '../plan/types.js';
import { digamma, trigamma } from '../special/log-gamma.js';

/**
 * The prior of the K-1 stick coefficient vectors (docs/method.md §1.4), one coordinate (j, c) at
 * j * d + c: either a horseshoe coordinate, N(0, lambda2_m tau2) with m = shrunkOf[jc], or a
 * fixed normal N(mean[jc], 1 / fixedPrecision[jc]): the normal gate prior, or an un-shrunk
 * intercept with the Dirichlet(1)-matched moments mu_k = psi(1) - psi(K-k),
 * s_k^2 = psi'(1) + psi'(K-k).
 */
export class StickPrior {
    readonly mean: Float64Array;
    readonly fixedPrecision: Float64Array;
    /** Horseshoe index m of coordinate (j, c), or -1 for a fixed normal prior. */
    readonly shrunkOf: Int32Array;
    /** Number of horseshoe-shrunk coordinates M. */
    readonly shrunk: number;
    readonly horseshoe: boolean;

    constructor(
        prior: GatePrior,
        readonly K: number,
        readonly d: number,
        hasIntercept: boolean
    ) {
        const sticks = Math.max(K - 1, 0);
        this.horseshoe = prior.kind === 'horseshoe';
        const freeIntercept = prior.kind === 'horseshoe' && !prior.shrinkIntercept && hasIntercept;
        this.mean = new Float64Array(sticks * d);
        this.fixedPrecision = new Float64Array(sticks * d);
        this.shrunkOf = new Int32Array(sticks * d).fill(-1);
        let m = 0;
        for (let j = 0; j < sticks; j++) {
            for (let c = 0; c < d; c++) {
                const jc = j * d + c;
                if (prior.kind === 'normal') {
                    this.mean[jc] = prior.mean;
                    this.fixedPrecision[jc] = 1 / prior.variance;
                } else if (c === 0 && freeIntercept) {
                    const rest = K - (j + 1);
                    this.mean[jc] = digamma(1) - digamma(rest);
                    this.fixedPrecision[jc] = 1 / (trigamma(1) + trigamma(rest));
                } else {
                    this.shrunkOf[jc] = m++;
                }
            }
        }
        this.shrunk = m;
    }

    /**
     * Prior precision of coordinate (j, c) for a particle whose horseshoe scales lambda2 start
     * at `lambda2At` and whose tau2 is at `tauAt` in `state`: (1 / tau2) / lambda2, the one formula
     * of the filter's draws, its initial draws and the summaries (`fill` writes a whole stick).
     */
    precision(state: Float64Array, lambda2At: number, tauAt: number, j: number, c: number): number {
        const jc = j * this.d + c;
        const m = this.shrunkOf[jc];
        if (m < 0) return this.fixedPrecision[jc];
        return 1 / state[tauAt] / state[lambda2At + m];
    }

    /** Write the prior precisions of stick j's d coordinates to out[0..d) (as `precision`). */
    fill(state: Float64Array, lambda2At: number, tauAt: number, j: number, out: Float64Array): void {
        const d = this.d;
        const shrunkOf = this.shrunkOf;
        const fixed = this.fixedPrecision;
        const invTau2 = this.horseshoe ? 1 / state[tauAt] : 0;
        for (let c = 0; c < d; c++) {
            const m = shrunkOf[j * d + c];
            out[c] = m < 0 ? fixed[j * d + c] : invTau2 / state[lambda2At + m];
        }
    }
}
