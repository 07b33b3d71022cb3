/**
 * One Gibbs sweep over the horseshoe scales given the coefficients, in the auxiliary-variable
 * form of Makalic & Schmidt (2016), "A simple sampler for the horseshoe estimator", IEEE SPL
 * 23:179 (docs/method.md §1.4, §2.6), noise scale fixed at 1, with general local and global scales:
 *   lambda2_m ~ IG(1, 1/nu_m + phi_m^2/(2 tau2)),     nu_m ~ IG(1, 1/localScale^2 + 1/lambda2_m),
 *   tau2 ~ IG((M+1)/2, 1/xi + sum_m phi_m^2/(2 lambda2_m)),  xi ~ IG(1, 1/globalScale^2 + 1/tau2).
 * IG(1, r) = r/E with E ~ Exp(1); IG(a, r) = r/G with G ~ Gamma(a, 1).
 * lambda2 and tau2 are clamped to [1e-12, 1e12] before inversion (docs/method.md §6.9); the number of
 * clamps is returned so the run can report them.
 *
 * All offsets are relative to `base` (one particle's block): the M shrunk coefficients are at
 * phiIndex[m], m = 0..M-1; lambda2 and nu are contiguous at `lamOff`, `nuOff`; tau2 and xi at
 * `tauOff`, `tauOff + 1`. `exponentials`, when given, holds 2M pre-drawn Exp(1) variates used
 * in place of `rng.exponential()` (the filter draws them in one batch).
 */
export const SCALE_MIN = 1e-12;
export const SCALE_MAX = 1e12;

/** Any source of exponential and gamma variates (`Rng`, or the filter's fast source). */
export interface HorseshoeRandom {
    exponential(): number;
    gamma(shape: number): number;
}

export interface HorseshoeScales {
    /** 1 / localScale^2 and 1 / globalScale^2 of the half-Cauchy priors. */
    localPrecision: number;
    globalPrecision: number;
}

export function horseshoeSweep(
    rng: HorseshoeRandom,
    scales: HorseshoeScales,
    state: Float64Array,
    base: number,
    phiIndex: Int32Array,
    lamOff: number,
    nuOff: number,
    tauOff: number,
    exponentials?: Float64Array
): number {
    lamOff += base;
    nuOff += base;
    tauOff += base;
    const M = phiIndex.length;
    let clamps = 0;
    const tau2 = state[tauOff];
    const halfInvTau2 = 0.5 / tau2;
    let sumScaled = 0;
    for (let m = 0; m < M; m++) {
        const p = state[base + phiIndex[m]];
        const p2 = p * p;
        const e1 = exponentials ? exponentials[2 * m] : rng.exponential();
        const e2 = exponentials ? exponentials[2 * m + 1] : rng.exponential();
        let lam2 = (1 / state[nuOff + m] + p2 * halfInvTau2) / e1;
        if (lam2 < SCALE_MIN) {
            lam2 = SCALE_MIN;
            clamps++;
        } else if (lam2 > SCALE_MAX) {
            lam2 = SCALE_MAX;
            clamps++;
        }
        state[lamOff + m] = lam2;
        state[nuOff + m] = (scales.localPrecision + 1 / lam2) / e2;
        sumScaled += p2 / lam2;
    }
    let newTau2 = (1 / state[tauOff + 1] + 0.5 * sumScaled) / rng.gamma(0.5 * (M + 1));
    if (newTau2 < SCALE_MIN) {
        newTau2 = SCALE_MIN;
        clamps++;
    } else if (newTau2 > SCALE_MAX) {
        newTau2 = SCALE_MAX;
        clamps++;
    }
    state[tauOff] = newTau2;
    state[tauOff + 1] = (scales.globalPrecision + 1 / newTau2) / rng.exponential();
    return clamps;
}
