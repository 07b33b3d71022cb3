import type { ExpertsSpec, GatePrior, ResamplingScheme } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { PolyaGammaSampler } from '../polya-gamma/devroye.js';
import { resamplerFor, normalizeLogWeights, effectiveSampleSize, type Resampler } from '../resampling/index.js';
import { choleskyPacked } from '../linalg/cholesky.js';
import { horseshoeSweep, SCALE_MAX, SCALE_MIN, type HorseshoeScales } from '../horseshoe/gibbs.js';
import { StickPrior } from './stick-prior.js';
import { AllocationMove } from './allocation-move.js';
import { TraceRecorder } from './trace-bins.js';
import { COLLAPSED_ESS } from './fit-warnings.js';
import { particleLayout, type ParticleLayout } from './particle-layout.js';
import { FastVariates } from './fast-variates.js';
import { SharedBlocks } from './shared-blocks.js';
import { GaussianExperts } from './gaussian-experts.js';
import { Forgetting } from './forgetting.js';
import { PrequentialTrace } from './prequential.js';
import { BernoulliExperts } from './bernoulli-experts.js';
import { stickRedrawKernel, type StickRedrawKernel } from './kernels/stick-redraw.js';
import { stickDrawKernel, type StickDrawKernel } from './kernels/stick-draw.js';
import { stickVisitKernel, type StickVisitKernel } from './kernels/stick-visit.js';
import { gateLogWeightsKernel, type GateLogWeightsKernel } from './kernels/gate-log-weights.js';
import { gateProbabilitiesKernel, type GateProbabilitiesKernel } from './kernels/gate-probabilities.js';

export interface FilterOptions {
    particles: number;
    /** Design columns (intercept included when `hasIntercept`). */
    d: number;
    experts: ExpertsSpec;
    gatePrior: GatePrior;
    /** Column 0 is the intercept (needed for the un-shrunk intercept prior of docs/method.md §1.4). */
    hasIntercept: boolean;
    resampling: ResamplingScheme;
    essThreshold: number;
    refreshVisitedSticks: boolean;
    sweepEvery: number;
    seed: number;
    /** Number of observations the filter will see (sizes the diagnostics). */
    observations: number;
    /** Keep every particle's allocation history, so `rejuvenate` can move it (Gaussian experts only). */
    keepAllocations?: boolean;
    /** Exponential forgetting factor in (0, 1] (forgetting.ts; Gaussian experts); absent or 1: static. */
    forgetting?: number;
    /** Record the PIT of each observation under the one-step-ahead predictive (prequential.ts; Gaussian experts). */
    prequential?: boolean;
    /** Also keep every observation's diagnostics (trace-bins.ts), not only their bins. */
    fullTraces?: boolean;
}

/**
 * Particle learning for HS-MoE (docs/method.md §2.3, Carvalho, Johannes, Lopes & Polson 2010):
 * resample by the one-step predictive, propagate the allocation, update sufficient statistics
 * by rank-one steps, Polya-Gamma draws for the visited sticks, and Gibbs refreshes of the gate
 * coefficients and horseshoe scales.
 *
 * All particles' statistics live in one Float64Array (`state`, layout in particle-layout.ts);
 * the per-step loops index it directly and allocate nothing. Resampling copies whole particle
 * blocks with `copyWithin`, in place: a particle with at least one offspring keeps its slot and
 * its extra copies overwrite the slots of particles with none, so only those are copied.
 */
export class ParticleLearningFilter {
    readonly N: number;
    readonly K: number;
    readonly d: number;
    readonly layout: ParticleLayout;
    readonly state: Float64Array;
    /** Normalised log weights and weights of the particles after the last step. */
    readonly logW: Float64Array;
    readonly W: Float64Array;

    // Diagnostics collected as the filter runs (style: not recomputed afterwards).
    logZ = 0;
    /** ESS of the last step, before resampling. */
    ess = 0;
    /** The diagnostics over time, binned (trace-bins.ts); a second, full one when asked. */
    readonly traces: TraceRecorder[];
    /** Particle-averaged allocation probabilities of the last step (K). */
    readonly allocation: Float64Array;
    readonly usageSum: Float64Array;
    stepsDone = 0;
    clamps = 0;
    jitters = 0;
    maxJitter = 0;
    degenerateSteps: number[] = [];

    /** The expert family in use (the other is undefined). */
    private readonly gaussian: GaussianExperts | undefined;
    private readonly bernoulli: BernoulliExperts | undefined;
    private readonly forgetting: Forgetting | undefined;
    readonly prequential: PrequentialTrace | undefined;
    private readonly horseshoe: boolean;
    private readonly hsScales: HorseshoeScales;
    readonly stickPrior: StickPrior;
    /** Prior mean and (for coordinates with a fixed prior) precision of each stick coordinate. */
    private readonly stickMean: Float64Array;
    /** Horseshoe index m of stick coordinate (j, c), or -1 when it has a fixed normal prior. */
    private readonly shrunkOf: Int32Array;
    /** Offset inside a particle of the m-th shrunk coefficient. */
    private readonly shrunkPhiIndex: Int32Array;

    private readonly rngResample: Rng;
    private readonly rngAllocation: FastVariates;
    private readonly rngGibbs: FastVariates;
    private readonly pg: PolyaGammaSampler;
    private readonly resampler: Resampler;

    /** Per (particle, expert): log weights while a particle is weighed, then p(z_t = k | particle, y_t). */
    private readonly zProb: Float64Array;
    private readonly psi: Float64Array;
    private readonly logw: Float64Array;
    private readonly ancestors: Int32Array;
    private readonly offspring: Int32Array;
    private readonly slotAncestor: Int32Array;
    /** Prior precisions of one stick's coordinates (StickPrior.fill). */
    private readonly prec: Float64Array;
    private readonly scratchPacked: Float64Array;
    /** The Polya-Gamma draws of one particle's visited sticks. */
    private readonly omegas: Float64Array;
    private readonly exps: Float64Array;
    /** The (K-1) d normals of one particle's stick draws. */
    private readonly sweepEps: Float64Array;

    /** The per-particle numerical steps, straight-line for this d (kernels/). */
    private readonly gateLogWeights: GateLogWeightsKernel;
    private readonly gateProbabilities: GateProbabilitiesKernel;
    private readonly stickVisit: StickVisitKernel;
    private readonly stickDraw: StickDrawKernel;
    private readonly stickRedraw: StickRedrawKernel;

    /** Which (particle, expert) blocks are copies of one another (shared-blocks.ts). */
    private readonly blocks: SharedBlocks;

    /** Allocation history, particle i's at [i n, (i + 1) n), when kept for the move. */
    private readonly history: Uint16Array;
    private readonly move: AllocationMove | undefined;
    /** Number of resample-move sweeps done. */
    moves = 0;

    constructor(private readonly opts: FilterOptions) {
        const N = (this.N = opts.particles);
        const K = (this.K = opts.experts.count);
        const d = (this.d = opts.d);
        const sticks = K - 1;
        const prior = opts.gatePrior;
        this.horseshoe = prior.kind === 'horseshoe';

        // Stick prior (docs/method.md §1.4); the hot loops read its arrays directly.
        const stickPrior = (this.stickPrior = new StickPrior(prior, K, d, opts.hasIntercept));
        this.stickMean = stickPrior.mean;
        this.shrunkOf = stickPrior.shrunkOf;
        const phiIdx: number[] = [];
        const m = stickPrior.shrunk;
        const layout = (this.layout = particleLayout(K, d, opts.experts.family, m, this.horseshoe));
        for (let j = 0; j < sticks; j++) {
            for (let c = 0; c < d; c++) {
                if (this.shrunkOf[j * d + c] >= 0)
                    phiIdx.push(layout.sticksOff + j * layout.stickStride + layout.stickPhi + c);
            }
        }
        this.shrunkPhiIndex = Int32Array.from(phiIdx);
        this.hsScales =
            prior.kind === 'horseshoe'
                ? {
                      localPrecision: 1 / (prior.localScale * prior.localScale),
                      globalPrecision: 1 / (prior.globalScale * prior.globalScale)
                  }
                : { localPrecision: 1, globalPrecision: 1 };

        this.state = new Float64Array(N * layout.stride);
        this.logW = new Float64Array(N).fill(-Math.log(N));
        this.W = new Float64Array(N).fill(1 / N);
        this.traces = [new TraceRecorder(opts.observations, K, undefined, COLLAPSED_ESS * N)];
        if (opts.fullTraces) this.traces.push(new TraceRecorder(opts.observations, K, 1));
        this.allocation = new Float64Array(K);
        this.usageSum = new Float64Array(K);

        this.rngResample = Rng.stream(opts.seed, 'resampling');
        this.rngAllocation = new FastVariates(Rng.stream(opts.seed, 'allocation'));
        this.rngGibbs = new FastVariates(Rng.stream(opts.seed, 'gibbs'));
        this.pg = new PolyaGammaSampler(new FastVariates(Rng.stream(opts.seed, 'polya-gamma')));
        this.resampler = resamplerFor(opts.resampling);
        this.blocks = new SharedBlocks(N, K);
        const ex = opts.experts;
        const forgets = (opts.forgetting ?? 1) < 1;
        this.gaussian =
            ex.family === 'gaussian'
                ? new GaussianExperts(d, ex.prior, opts.observations, layout, this.state, this.blocks, forgets)
                : undefined;
        this.bernoulli =
            ex.family === 'bernoulli'
                ? new BernoulliExperts(d, ex.prior, layout, this.state, this.pg, this.rngGibbs)
                : undefined;

        this.zProb = new Float64Array(N * K);
        this.psi = new Float64Array(N * Math.max(sticks, 1));
        this.logw = new Float64Array(N);
        this.ancestors = new Int32Array(N);
        this.offspring = new Int32Array(N);
        this.slotAncestor = new Int32Array(N);
        this.prec = new Float64Array(d);
        this.scratchPacked = new Float64Array(layout.T);
        this.omegas = new Float64Array(Math.max(K - 1, 1));
        this.exps = new Float64Array(2 * layout.shrunk);
        this.sweepEps = new Float64Array(Math.max(K - 1, 1) * d);
        const sticksAt = {
            sticks,
            sticksOff: layout.sticksOff,
            stickStride: layout.stickStride,
            stickPhi: layout.stickPhi
        };
        this.gateLogWeights = gateLogWeightsKernel(d, sticksAt);
        this.gateProbabilities = gateProbabilitiesKernel(d, sticksAt);
        this.stickVisit = stickVisitKernel(d);
        this.stickDraw = stickDrawKernel(d);
        this.stickRedraw = stickRedrawKernel(d);
        const keep = opts.keepAllocations === true;
        if (keep && opts.experts.family !== 'gaussian')
            throw new RangeError('the resample-move step needs Gaussian experts');
        if (keep && K > 65535)
            throw new RangeError('the resample-move step keeps allocations as 16-bit labels: at most 65535 experts');
        this.history = new Uint16Array(keep ? N * opts.observations : 0);
        this.move =
            keep && opts.experts.family === 'gaussian' && this.gaussian
                ? new AllocationMove({
                      K,
                      d,
                      layout,
                      state: this.state,
                      prior: opts.experts.prior,
                      tTable: this.gaussian.tTable,
                      gateLogWeights: this.gateLogWeights,
                      stickVisit: this.stickVisit,
                      uniforms: new FastVariates(Rng.stream(opts.seed, 'rejuvenation')),
                      pg: new PolyaGammaSampler(new FastVariates(Rng.stream(opts.seed, 'rejuvenation-polya-gamma'))),
                      refreshGate: (base, t) => {
                          if (this.horseshoe) this.sweepParticle(base, t);
                          else if (K > 1) this.redrawSticksRefactored(base, t);
                      }
                  })
                : undefined;

        if (forgets && (!this.gaussian || keep))
            throw new RangeError('forgetting needs Gaussian experts and no resample-move step');
        const shared = {
            N,
            K,
            d,
            layout,
            state: this.state,
            componentId: this.blocks.id,
            ids: this.blocks.predictiveValue.length
        };
        this.forgetting =
            forgets && this.gaussian && ex.family === 'gaussian'
                ? new Forgetting({
                      ...shared,
                      lambda: opts.forgetting!,
                      prior: ex.prior,
                      tConstant: this.gaussian.tTable,
                      stickPrior,
                      refactorWithJitter: (so, prec, t, j) => this.refactorWithJitter(so, prec, t, j)
                  })
                : undefined;
        this.prequential =
            opts.prequential && this.gaussian
                ? new PrequentialTrace({
                      ...shared,
                      a0: this.gaussian.a0,
                      observations: opts.observations,
                      gateProbabilities: this.gateProbabilities
                  })
                : undefined;

        this.initialise(Rng.stream(opts.seed, 'initialisation'));
    }

    /**
     * Resample-move (allocation-move.ts): one Gibbs sweep over every particle's allocations of
     * rows 0..T-1 (X, y: the rows seen so far), its Polya-Gamma pseudo-data and its gate. Call
     * after step T-1. Moved particles no longer share expert blocks: every block gets its own id.
     */
    rejuvenate(T: number, X: Float64Array, y: Float64Array): void {
        const move = this.move;
        if (!move) throw new RangeError('this filter keeps no allocation history (keepAllocations)');
        const n = this.opts.observations;
        for (let i = 0; i < this.N; i++) move.apply(i * this.layout.stride, this.history, i * n, T, X, y);
        this.blocks.separateAll();
        this.moves++;
    }

    /** NIG prior shape a0 of the Gaussian experts. */
    get priorShape(): number {
        return this.gaussian ? this.gaussian.a0 : 0;
    }

    /** Whether the gate coefficients carry a horseshoe prior. */
    get hasHorseshoe(): boolean {
        return this.horseshoe;
    }

    /** Polya-Gamma series cap hits so far (docs/method.md §6.8). */
    get polyaGammaCapHits(): number {
        return this.pg.capHits;
    }

    /** Bytes of state per particle (the flat block; scratch is shared by all particles). */
    get bytesPerParticle(): number {
        return this.layout.stride * 8;
    }

    /** Prior precision of stick coordinate (j, c) in the particle at `base` (for summaries). */
    stickPrecision(base: number, j: number, c: number): number {
        return this.stickPrior.precision(this.state, base + this.layout.lambda2Off, base + this.layout.tauOff, j, c);
    }

    /**
     * docs/method.md §2.2: every particle starts from an independent draw of the prior of what it
     * carries that is not integrated out. The predictive weights are importance weights against
     * that prior, so a fixed start (say lambda2 = tau2 = 1) would bias log Z-hat and the
     * predictive. Horseshoe: xi ~ IG(1/2, 1/g^2), tau2 | xi ~ IG(1/2, 1/xi) (so tau ~ C+(0, g)),
     * nu ~ IG(1/2, 1/l^2), lambda2 | nu ~ IG(1/2, 1/nu) (lambda ~ C+(0, l)); then
     * phi_jc ~ N(mu_jc, lambda2 tau2), or N(mu_jc, fixed variance) for un-shrunk coordinates.
     * Gaussian experts start at the NIG prior (integrated out); Bernoulli coefficients from their prior.
     * IG(1/2, s) = s / G with G ~ Gamma(1/2, 1); draws are clamped like the sweep's (§6.9).
     */
    private initialise(rng: Rng): void {
        const { N, K, d, layout: lay, state } = this;
        const invGammaHalf = (scale: number): number => {
            const v = scale / rng.gamma(0.5);
            if (v < SCALE_MIN) {
                this.clamps++;
                return SCALE_MIN;
            }
            if (v > SCALE_MAX) {
                this.clamps++;
                return SCALE_MAX;
            }
            return v;
        };
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            for (let k = 0; k < K; k++) {
                const eo = base + k * lay.expertStride;
                if (this.gaussian) this.gaussian.init(eo);
                else this.bernoulli?.init(eo, rng);
            }
            if (this.horseshoe) {
                for (let m = 0; m < lay.shrunk; m++) {
                    const nu = invGammaHalf(1 / this.hsScales.localPrecision);
                    state[base + lay.nuOff + m] = nu;
                    state[base + lay.lambda2Off + m] = invGammaHalf(1 / nu);
                }
                const xi = invGammaHalf(1 / this.hsScales.globalPrecision);
                state[base + lay.tauOff + 1] = xi;
                state[base + lay.tauOff] = invGammaHalf(1 / xi);
            }
            const prec = this.prec;
            for (let j = 0; j < K - 1; j++) {
                const so = base + lay.sticksOff + j * lay.stickStride;
                this.stickPrior.fill(state, base + lay.lambda2Off, base + lay.tauOff, j, prec);
                for (let c = 0; c < d; c++) {
                    state[so + lay.stickC + ((c * (c + 3)) >> 1)] = Math.sqrt(prec[c]);
                    state[so + lay.stickPhi + c] = this.stickMean[j * d + c] + rng.normal() / Math.sqrt(prec[c]);
                }
            }
        }
    }

    /** Process observation t with design row X[xOff .. xOff+d) and target y (docs/method.md §2.3). */
    step(t: number, X: Float64Array, xOff: number, y: number): void {
        const { N, K, layout: lay, state, zProb, psi, logw, logW, W } = this;
        const stride = lay.stride;
        const sticks = K - 1;
        this.blocks.beginStep();
        this.forgetting?.discount(t);
        this.prequential?.observe(t, X, xOff, y, W);

        // Steps 1-3: gate weights, expert predictives, particle predictive weights; afterwards
        // zProb[i K + k] holds p(z_t = k | particle i, y_t) and logw[i] the particle's log predictive.
        if (lay.family === 'gaussian') this.weighGaussian(t, X, xOff, y);
        else for (let i = 0; i < N; i++) this.weighInLogSpace(i, t, X, xOff, y);

        // Steps 4-5: evidence increment, new normalised weights, ESS.
        for (let i = 0; i < N; i++) logW[i] += logw[i];
        const increment = normalizeLogWeights(logW, W, N);
        if (increment === -Infinity) {
            // Every particle gives the observation zero density (docs/method.md §6.10): the weights
            // stay uniform; report the step and a -Infinity increment.
            this.degenerateSteps.push(t);
            this.ess = N;
        } else {
            this.ess = effectiveSampleSize(W, N);
        }
        if (increment !== increment) throw new NumericalError('log evidence increment', t);
        this.logZ += increment;
        if (this.prequential) this.prequential.logScores[t] = increment;

        // The weighted allocation probabilities of this step (docs/method.md §3).
        const alloc = this.allocation;
        const ao = 0;
        alloc.fill(0);
        for (let i = 0; i < N; i++) {
            const lp = i * K;
            const wi = W[i];
            for (let k = 0; k < K; k++) alloc[ao + k] += wi * zProb[lp + k];
        }
        for (let k = 0; k < K; k++) this.usageSum[k] += alloc[ao + k];
        for (const trace of this.traces) trace.record(t, this.ess, increment, alloc);

        // Step 6: resample when ESS < threshold * N.
        const slot = this.slotAncestor;
        if (this.ess < this.opts.essThreshold * N) {
            this.resampler(W, N, this.rngResample, this.ancestors);
            this.copyOffspringInPlace();
            const lu = -Math.log(N);
            for (let i = 0; i < N; i++) {
                logW[i] = lu;
                W[i] = 1 / N;
            }
            for (const trace of this.traces) trace.resampled(t);
        } else {
            for (let i = 0; i < N; i++) slot[i] = i;
        }

        // Steps 7-10 per particle.
        // On a sweep step the visited sticks are not redrawn first: the sweep redraws every stick
        // after updating the scales. (Redrawing them before the sweep as well, docs/method.md §2.3 step 10
        // read literally, did worse over ten HSMOE-SYN-10x3 replicates: more split experts, lower ESS.)
        const sweep = sticks > 0 && (t + 1) % this.opts.sweepEvery === 0;
        const refresh = sticks > 0 && this.opts.refreshVisitedSticks && !sweep;
        const refactorAll = sweep && this.horseshoe;
        const rngA = this.rngAllocation;
        const omegas = this.omegas;
        for (let i = 0; i < N; i++) {
            const base = i * stride;
            const a = slot[i];
            const lp = a * K;
            for (let k = 0; k < K; k++) state[base + lay.usageOff + k] += zProb[lp + k];
            // Step 7: allocation by inverse CDF with one uniform.
            const uz = rngA.uniform();
            let z = K - 1;
            let cum = 0;
            for (let k = 0; k < K - 1; k++) {
                cum += zProb[lp + k];
                if (uz <= cum) {
                    z = k;
                    break;
                }
            }
            if (this.move) this.history[i * this.opts.observations + t] = z;
            // Step 8: update the chosen expert.
            const eo = base + z * lay.expertStride;
            if (this.gaussian) this.gaussian.update(i * K + z, eo, X, xOff, y, t);
            else this.bernoulli?.update(eo, X, xOff, y, t);
            // Step 9: PG draws for the sticks at risk, j <= min(z, K-2).
            const last = z < sticks ? z : sticks - 1;
            if (last >= 0) this.pg.drawOnes(psi, a * sticks, last + 1, omegas);
            for (let j = 0; j <= last; j++) {
                const so = base + lay.sticksOff + j * lay.stickStride;
                if (!(omegas[j] >= 0 && omegas[j] < Infinity))
                    throw new NumericalError('Polya-Gamma draw', t, `stick ${j + 1}`);
                // A horseshoe sweep this step refactorises C_j from P_j, so its rank-one update would be discarded.
                this.stickVisit(state, so, X, xOff, omegas, j, j === z, !refactorAll);
                // Step 10, every step: redraw the visited stick's coefficients.
                if (refresh) this.drawStick(base, j, t);
            }
            if (sweep) this.sweepParticle(base, t);
        }
        this.stepsDone = t + 1;
    }

    /**
     * Steps 1-3 for Gaussian experts, in linear space: the gate probabilities pi_k (one exp per
     * stick), and each distinct expert block's Student-t log predictive l (cached, see
     * `componentId`) turned into exp(l - M) with M the largest l of the step, so a particle's
     * predictive is exp(M) sum_k pi_k exp(l_k - M): one exp per stick and per distinct block and
     * one log per particle, instead of log-sum-exp over every (particle, expert) pair. A particle
     * whose sum is not safely inside the double range (below 1e-280, where products of tiny
     * factors lose digits, or not finite) is recomputed in log space by `weighInLogSpace`.
     */
    private weighGaussian(t: number, X: Float64Array, xOff: number, y: number): void {
        const { N, K, state, zProb, psi, logw } = this;
        const gaussian = this.gaussian as GaussianExperts;
        const { id: componentId, predictiveStamp, predictiveValue, predictiveExp, touched, stamp } = this.blocks;
        const { tTable, ya, predictive: nigPredictive } = gaussian;
        ya[0] = y;
        const lay = this.layout;
        const stride = lay.stride;
        const es = lay.expertStride;
        const sticks = K - 1;
        let M = -Infinity;
        let nt = 0;
        for (let i = 0; i < N; i++) {
            const base = i * stride;
            const lp = i * K;
            if (sticks > 0) this.gateProbabilities(state, base, X, xOff, psi, i * sticks, zProb, lp);
            else zProb[lp] = 1;
            for (let k = 0; k < K; k++) {
                const id = componentId[lp + k];
                if (predictiveStamp[id] === stamp) continue;
                nigPredictive(state, base + k * es, X, xOff, ya, tTable, predictiveValue, id);
                const lt = predictiveValue[id];
                predictiveStamp[id] = stamp;
                touched[nt++] = id;
                if (lt > M) M = lt;
            }
        }
        for (let n = 0; n < nt; n++) {
            const id = touched[n];
            predictiveExp[id] = Math.exp(predictiveValue[id] - M);
        }
        for (let i = 0; i < N; i++) {
            const lp = i * K;
            let sum = 0;
            for (let k = 0; k < K; k++) {
                const v = zProb[lp + k] * predictiveExp[componentId[lp + k]];
                zProb[lp + k] = v;
                sum += v;
            }
            if (sum > 1e-280 && sum < Infinity) {
                const inv = 1 / sum;
                for (let k = 0; k < K; k++) zProb[lp + k] *= inv;
                logw[i] = M + Math.log(sum);
            } else {
                this.weighInLogSpace(i, t, X, xOff, y);
            }
        }
    }

    /**
     * Steps 1-3 for particle i in log space: log pi_k + log p(y | expert k) by log-sum-exp, then
     * the allocation probabilities. Used for Bernoulli experts and for Gaussian particles whose
     * linear-space sum left the safe range. Every particle gives the observation zero density
     * when logw is -Infinity; its allocation probabilities are then uniform (docs/method.md §6.10).
     */
    private weighInLogSpace(i: number, t: number, X: Float64Array, xOff: number, y: number): void {
        const { K, state, zProb, psi, logw } = this;
        const base = i * this.layout.stride;
        const lp = i * K;
        if (K > 1) this.gateLogWeights(state, base, X, xOff, psi, i * (K - 1), zProb, lp);
        else zProb[lp] = 0;
        if (this.gaussian) this.gaussian.addLogPredictives(base, lp, X, xOff, y, zProb);
        else this.bernoulli?.addLogPredictives(base, lp, X, xOff, y, zProb);
        let max = -Infinity;
        for (let k = 0; k < K; k++) if (zProb[lp + k] > max) max = zProb[lp + k];
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(zProb[lp + k] - max);
        const lw = max + Math.log(s);
        if (lw !== lw || lw === Infinity) throw new NumericalError('predictive weight', t, `particle ${i + 1}`);
        logw[i] = lw;
        if (lw === -Infinity) for (let k = 0; k < K; k++) zProb[lp + k] = 1 / K;
        else for (let k = 0; k < K; k++) zProb[lp + k] = Math.exp(zProb[lp + k] - lw);
    }

    /**
     * Redraw phi_j | P_j, r_j, prior (docs/method.md §1.5, §6.4) from the maintained factor
     * C_j C_j' = D^-1 + P_j: phi = C^-T (C^-1 h + eps), h = D^-1 mu + r_j.
     */
    private drawStick(base: number, j: number, t: number): void {
        const d = this.d;
        const prec = this.prec;
        const lay = this.layout;
        const so = base + lay.sticksOff + j * lay.stickStride;
        this.stickPrior.fill(this.state, base + lay.lambda2Off, base + lay.tauOff, j, prec);
        this.rngGibbs.fillNormal(this.sweepEps, j * d, d);
        if (this.stickDraw(this.state, so, prec, this.stickMean, this.sweepEps, j * d) !== 1) {
            throw new NumericalError('gate coefficient', t, `stick ${j + 1}`);
        }
    }

    /** Cholesky with jitter (docs/method.md §6.3) for a gate precision whose plain factorisation failed. */
    private refactorWithJitter(so: number, prec: Float64Array, t: number, j: number): void {
        const lay = this.layout;
        const A = this.scratchPacked;
        for (let p = 0; p < lay.T; p++) A[p] = this.state[so + lay.stickP + p];
        for (let c = 0; c < this.d; c++) A[(c * (c + 3)) >> 1] += prec[c];
        let jitter: number;
        try {
            jitter = choleskyPacked(A, 0, this.state, so + lay.stickC, this.d);
        } catch {
            throw new NumericalError('Cholesky factor of the gate precision', t, `stick ${j + 1}`);
        }
        this.jitters++;
        if (jitter > this.maxJitter) this.maxJitter = jitter;
    }

    /**
     * Full refresh (docs/method.md §2.3 step 10, every `sweepEvery` steps): horseshoe Gibbs sweep
     * (§2.6), refactorisation C_k = chol(D_k^-1 + P_k) and redraw of every stick.
     */
    private sweepParticle(base: number, t: number): void {
        const lay = this.layout;
        if (this.horseshoe) {
            this.rngGibbs.fillExponential(this.exps, 0, this.exps.length);
            this.clamps += horseshoeSweep(
                this.rngGibbs,
                this.hsScales,
                this.state,
                base,
                this.shrunkPhiIndex,
                lay.lambda2Off,
                lay.nuOff,
                lay.tauOff,
                this.exps
            );
        }
        if (this.horseshoe) this.redrawSticksRefactored(base, t);
        else for (let j = 0; j < this.K - 1; j++) this.drawStick(base, j, t);
    }

    /**
     * After a horseshoe sweep: refactorise C_j = chol(D_j^-1 + P_j) under the new scales and redraw
     * phi_j, for every stick j of one particle (kernels/stick-redraw.ts), with the (K-1) d normals
     * drawn in one batch. A non-positive pivot falls back to a jittered factorisation (§6.3).
     */
    private redrawSticksRefactored(base: number, t: number): void {
        const { d, state } = this;
        const lay = this.layout;
        const sticks = this.K - 1;
        const prec = this.prec;
        const eps = this.sweepEps;
        this.rngGibbs.fillNormal(eps, 0, sticks * d);
        for (let j = 0; j < sticks; j++) {
            const so = base + lay.sticksOff + j * lay.stickStride;
            const jd = j * d;
            this.stickPrior.fill(state, base + lay.lambda2Off, base + lay.tauOff, j, prec);
            let status = this.stickRedraw(state, so, prec, this.stickMean, eps, jd);
            if (status === 0) {
                this.refactorWithJitter(so, prec, t, j);
                status = this.stickDraw(state, so, prec, this.stickMean, eps, jd);
            }
            if (status !== 1) throw new NumericalError('gate coefficient', t, `stick ${j + 1}`);
        }
    }

    /**
     * Turn ancestor indices into in-place copies: particle i keeps its slot when it has an
     * offspring; its extra offspring overwrite, in order, the slots of particles with none.
     * Writes each slot's ancestor to `slotAncestor`.
     */
    private copyOffspringInPlace(): void {
        const { N, state, ancestors, offspring, blocks } = this;
        const slot = this.slotAncestor;
        const S = this.layout.stride;
        offspring.fill(0);
        for (let i = 0; i < N; i++) offspring[ancestors[i]]++;
        for (let i = 0; i < N; i++) slot[i] = offspring[i] > 0 ? i : -1;
        let dead = 0;
        for (let i = 0; i < N; i++) {
            for (let c = 1; c < offspring[i]; c++) {
                while (offspring[dead] !== 0) dead++;
                slot[dead] = i;
                state.copyWithin(dead * S, i * S, i * S + S);
                blocks.copyParticle(dead, i);
                if (this.move) {
                    const n = this.opts.observations;
                    this.history.copyWithin(dead * n, i * n, i * n + this.stepsDone);
                }
                dead++;
            }
        }
    }
}
