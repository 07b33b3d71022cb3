/**
 * Posterior draws of a particle-learning fit for calibration: particles picked from the island
 * posterior (filter r with weight Z_r / sum Z, particle i with W_ri), then each parameter drawn
 * from its exact conditional given the particle's carried statistics: (beta_k, s2_k) from the
 * expert's NIG posterior, phi_j from its Gaussian conditional given the Polya-Gamma pseudo-data
 * (phi = C^-T (C^-1 h + eps)). Fresh conditional draws keep the target and give distinct
 * values even when two picks share a particle, as the rank statistics need.
 */
import type { ExecutionPlan } from '../plan/types.js';
import type { Rng } from '../random/rng.js';
import type { ChainOutput } from '../pl/chain.js';
import type { ParticleLayout } from '../pl/particle-layout.js';
import type { StickPrior } from '../pl/stick-prior.js';
import { genericStickDraw } from '../pl/kernels/stick-draw.js';
import { backSolvePackedTranspose } from '../linalg/triangular.js';
import type { ModelParameters } from './generative-model.js';

/** (filter, particle) picks by the pooled weights, multinomially. */
function pickParticles(outputs: readonly ChainOutput[], L: number, rng: Rng): Array<[number, number]> {
    const maxLogZ = Math.max(...outputs.map(o => o.logZ));
    const filterWeights = outputs.map(o => Math.exp(o.logZ - maxLogZ));
    const total = filterWeights.reduce((a, b) => a + b, 0);
    const picks: Array<[number, number]> = [];
    for (let l = 0; l < L; l++) {
        let u = rng.uniform() * total;
        let r = 0;
        while (r < outputs.length - 1 && (u -= filterWeights[r]) > 0) r++;
        const W = outputs[r].W;
        let v = rng.uniform();
        let i = 0;
        while (i < W.length - 1 && (v -= W[i]) > 0) i++;
        picks.push([r, i]);
    }
    return picks;
}

export function posteriorDraws(
    plan: ExecutionPlan,
    layout: ParticleLayout,
    prior: StickPrior,
    outputs: readonly ChainOutput[],
    L: number,
    rng: Rng
): ModelParameters[] {
    if (plan.experts.prior.kind !== 'normal-inverse-gamma') throw new Error('posterior draws need NIG experts');
    const a0 = plan.experts.prior.shape;
    const { K, d, nig } = layout;
    const stickDraw = genericStickDraw(d);
    const stick = new Float64Array(layout.stickStride);
    const prec = new Float64Array(d);
    const eps = new Float64Array(d);
    const mu = new Float64Array(d);
    const z = new Float64Array(d);
    const draws: ModelParameters[] = [];
    for (const [r, i] of pickParticles(outputs, L, rng)) {
        const state = outputs[r].state;
        const base = i * layout.stride;
        const beta = new Float64Array(K * d);
        const sigma2 = new Float64Array(K);
        for (let k = 0; k < K; k++) {
            const off = base + k * layout.expertStride;
            const a = a0 + state[off + nig.n] / 2;
            sigma2[k] = state[off + nig.b] / rng.gamma(a);
            const s = Math.sqrt(sigma2[k]);
            for (let c = 0; c < d; c++) z[c] = s * rng.normal();
            // beta = m + s L^-T z with L L' the posterior precision (up to s2).
            backSolvePackedTranspose(state, off + nig.L, d, z, 0, z, 0);
            for (let c = 0; c < d; c++) beta[k * d + c] = state[off + nig.m + c] + z[c];
        }
        const phi = new Float64Array(Math.max(K - 1, 0) * d);
        for (let j = 0; j < K - 1; j++) {
            const so = base + layout.sticksOff + j * layout.stickStride;
            stick.set(state.subarray(so, so + layout.stickStride));
            for (let c = 0; c < d; c++) {
                prec[c] = prior.precision(state, base + layout.lambda2Off, base + layout.tauOff, j, c);
                mu[c] = prior.mean[j * d + c];
                eps[c] = rng.normal();
            }
            // The kernel reads mu at offset jd; here mu holds this stick's means from 0.
            stickDraw(stick, 0, prec, mu, eps, 0);
            for (let c = 0; c < d; c++) phi[j * d + c] = stick[layout.stickPhi + c];
        }
        draws.push({ beta, sigma2, phi });
    }
    return draws;
}
