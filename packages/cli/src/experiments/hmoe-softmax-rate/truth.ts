/**
 * The true model of the exact-fitted experiment of Nguyen, Nguyen & Ho, "Demystifying Softmax
 * Gating Function in Gaussian Mixture of Experts" (NeurIPS 2023), §5: d = 1, two Gaussian linear
 * experts, a softmax gate with logits (β01 + β11 x, 0) = (−8 + 25x, 0), experts y = 15 − 20x and
 * y = −5 + 20x. The last expert's gate parameters are pinned at zero (the softmax is invariant to
 * a common translation of the logits), so the gate intercepts enter the loss as exp(β0i).
 *
 * As stated in words the noise is (σ1, σ2) = (0.3, 0.4) with σ a variance; the public code
 * (CRPE-SGaME, models.py and experiment.py) passes 0.3 and 0.4 to a sampler that takes standard
 * deviations, compares the fitted variances with their squares, and puts x on an equally spaced
 * grid of [0, 1] instead of drawing it. Both readings are run as designs.
 */
export interface SoftmaxMoeTruth {
    /** β0i, last pinned at 0. */
    gateIntercept: number[];
    /** β1i, last pinned at 0. */
    gateSlope: number[];
    /** b_i: expert intercepts. */
    expertIntercept: number[];
    /** a_i: expert slopes. */
    expertSlope: number[];
    /** σ_i: noise variances. */
    variance: number[];
}

export type InputDesign = 'uniform' | 'grid';

export interface SoftmaxRateDesign {
    name: string;
    description: string;
    truth: SoftmaxMoeTruth;
    /** x ~ U(0, 1) drawn, or x_i = i / (n − 1). */
    inputs: InputDesign;
}

const GATE_AND_EXPERTS = {
    gateIntercept: [-8, 0],
    gateSlope: [25, 0],
    expertIntercept: [15, -5],
    expertSlope: [-20, 20]
};

export const PAPER_TEXT_DESIGN: SoftmaxRateDesign = {
    name: 'paper-text',
    description: 'as stated: noise variances 0.3 and 0.4, x ~ U(0, 1)',
    truth: { ...GATE_AND_EXPERTS, variance: [0.3, 0.4] },
    inputs: 'uniform'
};

export const PUBLIC_CODE_DESIGN: SoftmaxRateDesign = {
    name: 'public-code',
    description:
        'the public code: noise standard deviations 0.3 and 0.4 (variances 0.09 and 0.16), x on an equally spaced grid of [0, 1]',
    truth: { ...GATE_AND_EXPERTS, variance: [0.09, 0.16] },
    inputs: 'grid'
};

/** The slope of log mean D1 against log n in the paper's exact-fitted figure. */
export const REFERENCE_SLOPE = -0.64;
