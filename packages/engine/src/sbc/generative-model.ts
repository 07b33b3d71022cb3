/**
 * The generative model a particle-learning plan declares, for simulation-based calibration:
 * parameters drawn from the priors (NIG experts: s2_k ~ IG(a0, b0), beta_k | s2_k ~
 * N(m0, s2_k scale I); sticks phi_j from the gate prior: normal, or horseshoe with
 * lambda_m ~ C+(0, local), tau ~ C+(0, global) and the Dirichlet-matched free intercept), then
 * for each design row an expert from the stick-breaking gate and y from that expert. The design
 * is the model's own (conditioning on the inputs, as regression SBC does), on the scale the
 * model sees it.
 */
import type { ExecutionPlan } from '../plan/types.js';
import type { Rng } from '../random/rng.js';
import { stickBreakingLogWeights } from '../gates/stick-breaking.js';
import { StickPrior } from '../pl/stick-prior.js';

/** One parameter set: K x d coefficients, K noise variances, (K-1) x d stick coefficients. */
export interface ModelParameters {
    beta: Float64Array;
    sigma2: Float64Array;
    phi: Float64Array;
}

/** Why the plan's model cannot be simulated, or undefined when it can. */
export function sbcRefusal(plan: ExecutionPlan): string | undefined {
    if (plan.inference.algorithm !== 'particle-learning') {
        return `simulation-based calibration checks a posterior; this model is fitted by ${plan.inference.algorithm}, which gives point estimates`;
    }
    if (plan.experts.family !== 'gaussian')
        return `simulation-based calibration simulates Gaussian experts; this model's experts are ${plan.experts.family}`;
    if (plan.experts.prior.kind !== 'normal-inverse-gamma')
        return `simulation-based calibration needs the experts' normal-inverse-gamma prior`;
    if (plan.gate.type !== 'stick-breaking') return 'simulation-based calibration needs a stick-breaking gate';
    const train = plan.data.train.source;
    if (train.kind === 'csv' && train.standardizeTarget) {
        return "the target is standardised with the data's own mean and sd, which a prior cannot simulate; set standardize_target = false for calibration";
    }
    return undefined;
}

/** A half-Cauchy(0, scale) draw. */
function halfCauchy(rng: Rng, scale: number): number {
    return scale * Math.abs(Math.tan(Math.PI * (rng.uniform() - 0.5)));
}

/** Draws every parameter from its prior. */
export function drawParameters(plan: ExecutionPlan, d: number, hasIntercept: boolean, rng: Rng): ModelParameters {
    if (plan.experts.prior.kind !== 'normal-inverse-gamma' || plan.gate.type !== 'stick-breaking')
        throw new Error(sbcRefusal(plan));
    const K = plan.experts.count;
    const prior = plan.experts.prior;
    const beta = new Float64Array(K * d);
    const sigma2 = new Float64Array(K);
    for (let k = 0; k < K; k++) {
        sigma2[k] = prior.rate / rng.gamma(prior.shape);
        const sd = Math.sqrt(sigma2[k] * prior.scale);
        for (let c = 0; c < d; c++) beta[k * d + c] = prior.mean[c] + sd * rng.normal();
    }
    const gatePrior = plan.gate.prior;
    const sticks = new StickPrior(gatePrior, K, d, hasIntercept);
    const phi = new Float64Array(Math.max(K - 1, 0) * d);
    let lambda: Float64Array | undefined;
    let tau = 0;
    if (gatePrior.kind === 'horseshoe') {
        tau = halfCauchy(rng, gatePrior.globalScale);
        lambda = Float64Array.from({ length: sticks.shrunk }, () => halfCauchy(rng, gatePrior.localScale));
    }
    for (let jc = 0; jc < phi.length; jc++) {
        const m = sticks.shrunkOf[jc];
        const sd = m < 0 ? 1 / Math.sqrt(sticks.fixedPrecision[jc]) : lambda![m] * tau;
        phi[jc] = sticks.mean[jc] + sd * rng.normal();
    }
    return { beta, sigma2, phi };
}

/** y for each row of the row-major n x d design X: an expert from the gate, then its regression. */
export function simulateTargets(X: Float64Array, n: number, d: number, theta: ModelParameters, rng: Rng): Float64Array {
    const K = theta.sigma2.length;
    const psi = new Float64Array(Math.max(K - 1, 1));
    const logPi = new Float64Array(K);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        gateLogWeights(X, i, d, theta, psi, logPi);
        let u = rng.uniform();
        let k = 0;
        while (k < K - 1 && (u -= Math.exp(logPi[k])) > 0) k++;
        let mean = 0;
        for (let c = 0; c < d; c++) mean += X[i * d + c] * theta.beta[k * d + c];
        y[i] = mean + Math.sqrt(theta.sigma2[k]) * rng.normal();
    }
    return y;
}

function gateLogWeights(
    X: Float64Array,
    i: number,
    d: number,
    theta: ModelParameters,
    psi: Float64Array,
    logPi: Float64Array
): void {
    const K = theta.sigma2.length;
    for (let j = 0; j < K - 1; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += X[i * d + c] * theta.phi[j * d + c];
        psi[j] = s;
    }
    stickBreakingLogWeights(psi, 0, K, logPi, 0);
}

/** log p(y | X, theta): the mixture density of every row, summed in log space. */
export function logLikelihood(X: Float64Array, y: Float64Array, n: number, d: number, theta: ModelParameters): number {
    const K = theta.sigma2.length;
    const psi = new Float64Array(Math.max(K - 1, 1));
    const logPi = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < n; i++) {
        gateLogWeights(X, i, d, theta, psi, logPi);
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
            let mean = 0;
            for (let c = 0; c < d; c++) mean += X[i * d + c] * theta.beta[k * d + c];
            const r = y[i] - mean;
            logPi[k] += -0.5 * (Math.log(2 * Math.PI * theta.sigma2[k]) + (r * r) / theta.sigma2[k]);
            if (logPi[k] > max) max = logPi[k];
        }
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(logPi[k] - max);
        total += max + Math.log(s);
    }
    return total;
}
