import type { ExpertsSpec, GatePrior, ResamplingScheme } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { PolyaGammaSampler } from '../polya-gamma/devroye.js';
import { resamplerFor, type Resampler } from '../resampling/index.js';
import { nigInit, studentTConstantTable } from '../experts/nig-expert.js';
import { choleskyPacked } from '../linalg/cholesky.js';
import { choleskyRankOneUpdate } from '../linalg/rank-one-update.js';
import { horseshoeSweep, SCALE_MAX, SCALE_MIN, type HorseshoeScales } from '../horseshoe/gibbs.js';
import { StickPrior } from './stick-prior.js';
import { AllocationMove } from './allocation-move.js';
import { TraceRecorder } from './trace-bins.js';
import { COLLAPSED_ESS } from './fit-warnings.js';
import { particleLayout, type ParticleLayout } from './particle-layout.js';
import { FastVariates } from './fast-variates.js';
import { stickRedrawKernel, type StickRedrawKernel } from './kernels/stick-redraw.js';
import { stickDrawKernel, type StickDrawKernel } from './kernels/stick-draw.js';
import { stickVisitKernel, type StickVisitKernel } from './kernels/stick-visit.js';
import { nigPredictiveKernel, type NigPredictiveKernel } from './kernels/nig-predictive.js';
import { nigUpdateKernel, type NigUpdateKernel } from './kernels/nig-update.js';
import { gateLogWeightsKernel, type GateLogWeightsKernel } from './kernels/gate-log-weights.js';
import { gateProbabilitiesKernel, type GateProbabilitiesKernel } from './kernels/gate-probabilities.js';

export interface FilterOptions {
    particles: number;
    /** Design columns (intercept included when `hasIntercept`). */
    d: number;
    experts: ExpertsSpec;
    gatePrior: GatePrior;
    /** Column 0 is the intercept (needed for the un-shrunk intercept prior of method.md §1.4). */
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
    /** Also keep every observation's diagnostics (trace-bins.ts), not only their bins. */
    fullTraces?: boolean;
}

/**
 * Particle learning for HS-MoE (method.md §2.3, Carvalho, Johannes, Lopes & Polson 2010):
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

    private readonly a0: number;
    private readonly tTable: Float64Array;
    private readonly bernoulliPriorPrecision: number;
    private readonly bernoulliPriorMean: Float64Array;
    private readonly horseshoe: boolean;
    private readonly hsScales: HorseshoeScales;
    readonly stickPrior: StickPrior;
    /** Prior mean and (for coordinates with a fixed prior) precision of each stick coordinate. */
    private readonly stickMean: Float64Array;
    private readonly stickFixedPrecision: Float64Array;
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
    private readonly v: Float64Array;
    private readonly w: Float64Array;
    private readonly u: Float64Array;
    private readonly scratchPacked: Float64Array;
    private readonly eps: Float64Array;
    /** [y_t, a0]: numbers handed to the kernels in an array (see kernels/nig-predictive.ts). */
    private readonly ya: Float64Array;
    /** The Polya-Gamma draws of one particle's visited sticks. */
    private readonly omegas: Float64Array;
    private readonly exps: Float64Array;
    /** The (K-1) d normals of one particle's stick draws. */
    private readonly sweepEps: Float64Array;

    /** The per-particle numerical steps, straight-line for this d (kernels/). */
    private readonly gateLogWeights: GateLogWeightsKernel;
    private readonly gateProbabilities: GateProbabilitiesKernel;
    private readonly nigPredictive: NigPredictiveKernel;
    private readonly nigUpdate: NigUpdateKernel;
    private readonly stickVisit: StickVisitKernel;
    private readonly stickDraw: StickDrawKernel;
    private readonly stickRedraw: StickRedrawKernel;

    /**
     * Sharing of Gaussian expert statistics between particles. Resampling copies whole particle
     * blocks and a particle then changes one expert per step, so most (particle, expert) blocks
     * are bit-identical copies of a few; their Student-t log predictive at x_t is identical too
     * and is computed once per step per distinct block. `componentId[i * K + k]` names the block
     * (copied with the particle, renewed when the expert is updated); `predictiveStamp[id]`
     * says at which step `predictiveValue[id]` was computed. Ids stay below N (K + 16): when fresh
     * ids would run out, the live ones are renumbered 0..c-1 (c <= N K), at most every 16 steps.
     */
    private readonly componentId: Int32Array;
    private readonly predictiveStamp: Int32Array;
    private readonly predictiveValue: Float64Array;
    /** exp(predictiveValue - M) for the blocks computed this step, and their ids (`weighGaussian`). */
    private readonly predictiveExp: Float64Array;
    private readonly touched: Int32Array;
    private readonly idRemap: Int32Array;
    /** Per old id: the step at which a block with that id was updated, the new id and where the result is (`updateGaussianExpert`). */
    private readonly updateStamp: Int32Array;
    private readonly updateTo: Int32Array;
    private readonly updateFrom: Int32Array;
    private nextComponentId: number;
    private stamp = 0;

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

        // Stick prior (method.md §1.4); the hot loops read its arrays directly.
        const stickPrior = (this.stickPrior = new StickPrior(prior, K, d, opts.hasIntercept));
        this.stickMean = stickPrior.mean;
        this.stickFixedPrecision = stickPrior.fixedPrecision;
        this.shrunkOf = stickPrior.shrunkOf;
        const phiIdx: number[] = [];
        const m = stickPrior.shrunk;
        const layout = (this.layout = particleLayout(K, d, opts.experts.family, m, this.horseshoe));
        for (let j = 0; j < sticks; j++) {
            for (let c = 0; c < d; c++) {
                if (this.shrunkOf[j * d + c] >= 0) phiIdx.push(layout.sticksOff + j * layout.stickStride + layout.stickPhi + c);
            }
        }
        this.shrunkPhiIndex = Int32Array.from(phiIdx);
        this.hsScales = prior.kind === 'horseshoe'
            ? { localPrecision: 1 / (prior.localScale * prior.localScale), globalPrecision: 1 / (prior.globalScale * prior.globalScale) }
            : { localPrecision: 1, globalPrecision: 1 };

        if (opts.experts.family === 'gaussian') {
            this.a0 = opts.experts.prior.shape;
            this.tTable = studentTConstantTable(this.a0, opts.observations + 1);
            this.bernoulliPriorPrecision = 0;
            this.bernoulliPriorMean = new Float64Array(0);
        } else {
            this.a0 = 0;
            this.tTable = new Float64Array(0);
            this.bernoulliPriorPrecision = 1 / opts.experts.prior.variance;
            this.bernoulliPriorMean = Float64Array.from(opts.experts.prior.mean);
        }

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

        this.zProb = new Float64Array(N * K);
        this.psi = new Float64Array(N * Math.max(sticks, 1));
        this.logw = new Float64Array(N);
        this.ancestors = new Int32Array(N);
        this.offspring = new Int32Array(N);
        this.slotAncestor = new Int32Array(N);
        this.v = new Float64Array(d);
        this.w = new Float64Array(d);
        this.u = new Float64Array(d);
        this.scratchPacked = new Float64Array(layout.T);
        this.eps = new Float64Array(d);
        this.omegas = new Float64Array(Math.max(K - 1, 1));
        this.ya = Float64Array.of(0, this.a0);
        this.exps = new Float64Array(2 * layout.shrunk);
        this.sweepEps = new Float64Array(Math.max(K - 1, 1) * d);
        const sticksAt = { sticks, sticksOff: layout.sticksOff, stickStride: layout.stickStride, stickPhi: layout.stickPhi };
        this.gateLogWeights = gateLogWeightsKernel(d, sticksAt);
        this.gateProbabilities = gateProbabilitiesKernel(d, sticksAt);
        this.nigPredictive = nigPredictiveKernel(d);
        this.nigUpdate = nigUpdateKernel(d);
        this.stickVisit = stickVisitKernel(d);
        this.stickDraw = stickDrawKernel(d);
        this.stickRedraw = stickRedrawKernel(d);
        // Every particle starts with its experts at the prior: expert k has one shared block.
        this.componentId = new Int32Array(N * K);
        for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) this.componentId[i * K + k] = k;
        this.nextComponentId = K;
        this.predictiveStamp = new Int32Array(N * (K + 16)).fill(-1);
        this.predictiveValue = new Float64Array(N * (K + 16));
        this.predictiveExp = new Float64Array(N * (K + 16));
        this.touched = new Int32Array(N * K);
        this.idRemap = new Int32Array(N * (K + 16));
        this.updateStamp = new Int32Array(N * (K + 16)).fill(-1);
        this.updateTo = new Int32Array(N * (K + 16));
        this.updateFrom = new Int32Array(N * (K + 16));

        const keep = opts.keepAllocations === true;
        if (keep && opts.experts.family !== 'gaussian') throw new RangeError('the resample-move step needs Gaussian experts');
        if (keep && K > 65535) throw new RangeError('the resample-move step keeps allocations as 16-bit labels: at most 65535 experts');
        this.history = new Uint16Array(keep ? N * opts.observations : 0);
        this.move = keep && opts.experts.family === 'gaussian'
            ? new AllocationMove({
                K, d, layout, state: this.state, prior: opts.experts.prior, tTable: this.tTable,
                gateLogWeights: this.gateLogWeights, stickVisit: this.stickVisit,
                uniforms: new FastVariates(Rng.stream(opts.seed, 'rejuvenation')),
                pg: new PolyaGammaSampler(new FastVariates(Rng.stream(opts.seed, 'rejuvenation-polya-gamma'))),
                refreshGate: (base, t) => {
                    if (this.horseshoe) this.sweepParticle(base, t);
                    else if (K > 1) this.redrawSticksRefactored(base, t);
                }
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
        const ids = this.componentId;
        for (let p = 0; p < ids.length; p++) ids[p] = p;
        this.nextComponentId = ids.length;
        this.predictiveStamp.fill(-1);
        this.updateStamp.fill(-1);
        this.moves++;
    }

    /** NIG prior shape a0 of the Gaussian experts. */
    get priorShape(): number {
        return this.a0;
    }

    /** Whether the gate coefficients carry a horseshoe prior. */
    get hasHorseshoe(): boolean {
        return this.horseshoe;
    }

    /** Polya-Gamma series cap hits so far (method.md §6.8). */
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
     * method.md §2.2: every particle starts from an independent draw of the prior of what it
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
            if (v < SCALE_MIN) { this.clamps++; return SCALE_MIN; }
            if (v > SCALE_MAX) { this.clamps++; return SCALE_MAX; }
            return v;
        };
        for (let i = 0; i < N; i++) {
            const base = i * lay.stride;
            for (let k = 0; k < K; k++) {
                const eo = base + k * lay.expertStride;
                if (lay.family === 'gaussian') {
                    if (this.opts.experts.family === 'gaussian') nigInit(state, eo, lay.nig, this.opts.experts.prior);
                } else {
                    const bl = lay.bernoulli;
                    const sd = 1 / Math.sqrt(this.bernoulliPriorPrecision);
                    for (let c = 0; c < d; c++) {
                        state[eo + bl.C + ((c * (c + 3)) >> 1)] = 1 / sd;
                        state[eo + bl.beta + c] = this.bernoulliPriorMean[c] + sd * rng.normal();
                    }
                }
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
            for (let j = 0; j < K - 1; j++) {
                const so = base + lay.sticksOff + j * lay.stickStride;
                for (let c = 0; c < d; c++) {
                    const prec = this.stickPrecision(base, j, c);
                    state[so + lay.stickC + ((c * (c + 3)) >> 1)] = Math.sqrt(prec);
                    state[so + lay.stickPhi + c] = this.stickMean[j * d + c] + rng.normal() / Math.sqrt(prec);
                }
            }
        }
    }

    /** Process observation t with design row X[xOff .. xOff+d) and target y (method.md §2.3). */
    step(t: number, X: Float64Array, xOff: number, y: number): void {
        const { N, K, layout: lay, state, zProb, psi, logw, logW, W } = this;
        const stride = lay.stride;
        const sticks = K - 1;
        this.stamp++;
        if (this.nextComponentId + N > this.predictiveStamp.length) this.renumberComponents();

        // Steps 1-3: gate weights, expert predictives, particle predictive weights; afterwards
        // zProb[i K + k] holds p(z_t = k | particle i, y_t) and logw[i] the particle's log predictive.
        if (lay.family === 'gaussian') this.weighGaussian(t, X, xOff, y);
        else for (let i = 0; i < N; i++) this.weighInLogSpace(i, t, X, xOff, y);

        // Steps 4-5: evidence increment, new normalised weights, ESS.
        let max = -Infinity;
        for (let i = 0; i < N; i++) {
            const l = logW[i] + logw[i];
            if (l > max) max = l;
        }
        let increment: number;
        if (max === -Infinity) {
            // Every particle gives the observation zero density (method.md §6.10): keep the
            // weights uniform, report the step and a -Infinity increment.
            increment = -Infinity;
            this.degenerateSteps.push(t);
            for (let i = 0; i < N; i++) { logW[i] = -Math.log(N); W[i] = 1 / N; }
        } else {
            let s = 0;
            for (let i = 0; i < N; i++) s += Math.exp(logW[i] + logw[i] - max);
            increment = max + Math.log(s);
            let sw2 = 0;
            for (let i = 0; i < N; i++) {
                const l = logW[i] + logw[i] - increment;
                logW[i] = l;
                const wi = Math.exp(l);
                W[i] = wi;
                sw2 += wi * wi;
            }
            this.ess = 1 / sw2;
        }
        if (max === -Infinity) this.ess = N;
        if (increment !== increment) throw new NumericalError('log evidence increment', t);
        this.logZ += increment;

        // The weighted allocation probabilities of this step (method.md §3).
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
            for (let i = 0; i < N; i++) { logW[i] = lu; W[i] = 1 / N; }
            for (const trace of this.traces) trace.resampled(t);
        } else {
            for (let i = 0; i < N; i++) slot[i] = i;
        }

        // Steps 7-10 per particle.
        // On a sweep step the visited sticks are not redrawn first: the sweep redraws every stick
        // after updating the scales. (Redrawing them before the sweep as well, method.md §2.3 step 10
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
                if (uz <= cum) { z = k; break; }
            }
            if (this.move) this.history[i * this.opts.observations + t] = z;
            // Step 8: update the chosen expert.
            const eo = base + z * lay.expertStride;
            if (lay.family === 'gaussian') this.updateGaussianExpert(i * K + z, eo, X, xOff, y, t);
            else this.bernoulliUpdate(eo, X, xOff, y, t);
            // Step 9: PG draws for the sticks at risk, j <= min(z, K-2).
            const last = z < sticks ? z : sticks - 1;
            if (last >= 0) this.pg.drawOnes(psi, a * sticks, last + 1, omegas);
            for (let j = 0; j <= last; j++) {
                const so = base + lay.sticksOff + j * lay.stickStride;
                if (!(omegas[j] >= 0 && omegas[j] < Infinity)) throw new NumericalError('Polya-Gamma draw', t, `stick ${j + 1}`);
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
        const { N, K, state, zProb, psi, logw, componentId, predictiveStamp, predictiveValue, predictiveExp, touched, stamp, tTable, ya } = this;
        ya[0] = y;
        const lay = this.layout;
        const stride = lay.stride;
        const es = lay.expertStride;
        const sticks = K - 1;
        const nigPredictive = this.nigPredictive;
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
     * when logw is -Infinity; its allocation probabilities are then uniform (method.md §6.10).
     */
    private weighInLogSpace(i: number, t: number, X: Float64Array, xOff: number, y: number): void {
        const { K, state, zProb, psi, logw } = this;
        const base = i * this.layout.stride;
        const lp = i * K;
        if (K > 1) this.gateLogWeights(state, base, X, xOff, psi, i * (K - 1), zProb, lp);
        else zProb[lp] = 0;
        if (this.layout.family === 'gaussian') this.gaussianLogPredictives(base, lp, i * K, X, xOff, y);
        else this.bernoulliLogPredictives(base, lp, X, xOff, y);
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

    /** Student-t log predictive of every Gaussian expert, added to zProb[lp + k] (method.md §2.3 step 2). */
    private gaussianLogPredictives(base: number, lp: number, co: number, X: Float64Array, xOff: number, y: number): void {
        const { K, state, zProb, tTable, ya, componentId, predictiveStamp, predictiveValue, stamp, nigPredictive } = this;
        ya[0] = y;
        const es = this.layout.expertStride;
        for (let k = 0; k < K; k++) {
            const id = componentId[co + k];
            if (predictiveStamp[id] === stamp) {
                zProb[lp + k] += predictiveValue[id];
                continue;
            }
            nigPredictive(state, base + k * es, X, xOff, ya, tTable, predictiveValue, id);
            predictiveStamp[id] = stamp;
            zProb[lp + k] += predictiveValue[id];
        }
    }

    /** Bernoulli log likelihood under each expert's current coefficient draw (method.md §1.6). */
    private bernoulliLogPredictives(base: number, lp: number, X: Float64Array, xOff: number, y: number): void {
        const { K, d, state, zProb } = this;
        const lay = this.layout;
        for (let k = 0; k < K; k++) {
            const eo = base + k * lay.expertStride + lay.bernoulli.beta;
            let eta = 0;
            for (let c = 0; c < d; c++) eta += X[xOff + c] * state[eo + c];
            const u = y > 0.5 ? eta : -eta;
            zProb[lp + k] += -((u < 0 ? -u : 0) + Math.log1p(Math.exp(-Math.abs(u))));
        }
    }

    /**
     * Step 8 for a Gaussian expert: the block at `eo` is (particle, expert) pair `ci`. Blocks with
     * one id are bit-identical and the update is a deterministic function of the block and
     * (x_t, y_t), so when another particle has already updated a block with this id in this step
     * (typically a copy from the same resampling), its result is copied instead of recomputed and
     * keeps one id: the same numbers, and one Student-t predictive fewer at the next step.
     */
    private updateGaussianExpert(ci: number, eo: number, X: Float64Array, xOff: number, y: number, t: number): void {
        const { componentId, updateStamp, updateTo, updateFrom, stamp } = this;
        const old = componentId[ci];
        if (updateStamp[old] === stamp) {
            const from = updateFrom[old];
            this.state.copyWithin(eo, from, from + this.layout.expertStride);
            componentId[ci] = updateTo[old];
            return;
        }
        this.gaussianUpdate(eo, X, xOff, y, t);
        const id = this.nextComponentId++;
        componentId[ci] = id;
        updateStamp[old] = stamp;
        updateTo[old] = id;
        updateFrom[old] = eo;
    }

    /** Rank-one NIG update of the expert block at `eo` (method.md §1.2, §2.3 step 8). */
    private gaussianUpdate(eo: number, X: Float64Array, xOff: number, y: number, t: number): void {
        this.ya[0] = y;
        if (this.nigUpdate(this.state, eo, X, xOff, this.ya, 0) !== 1) throw new NumericalError('expert noise scale b', t);
    }

    /** PG update of a Bernoulli expert and redraw of its coefficients (method.md §1.6). */
    private bernoulliUpdate(eo: number, X: Float64Array, xOff: number, y: number, t: number): void {
        const { d, state, v, w, u } = this;
        const bl = this.layout.bernoulli;
        let eta = 0;
        for (let c = 0; c < d; c++) eta += X[xOff + c] * state[eo + bl.beta + c];
        const omega = this.pg.draw1(eta);
        if (!(omega >= 0 && omega < Infinity)) throw new NumericalError('Polya-Gamma draw', t, 'Bernoulli expert');
        const sq = Math.sqrt(omega);
        const kappa = (y > 0.5 ? 1 : 0) - 0.5;
        for (let r = 0; r < d; r++) {
            const xr = X[xOff + r];
            const pr = eo + bl.P + ((r * (r + 1)) >> 1);
            for (let c = 0; c <= r; c++) state[pr + c] += omega * xr * X[xOff + c];
            state[eo + bl.r + r] += kappa * xr;
            v[r] = sq * xr;
        }
        state[eo + bl.n] += 1;
        choleskyRankOneUpdate(state, eo + bl.C, d, v, 0);
        // beta ~ N(Lambda^-1 h, Lambda^-1), Lambda = C C', h = r + mu0/c: beta = C^-T (C^-1 h + eps).
        for (let c = 0; c < d; c++) u[c] = state[eo + bl.r + c] + this.bernoulliPriorPrecision * this.bernoulliPriorMean[c];
        this.gaussianDraw(eo + bl.C, u, w);
        for (let c = 0; c < d; c++) {
            if (!Number.isFinite(w[c])) throw new NumericalError('Bernoulli expert coefficient', t);
            state[eo + bl.beta + c] = w[c];
        }
    }

    /** out = C^-T (C^-1 h + eps), eps ~ N(0, I): a draw from N(Lambda^-1 h, Lambda^-1), Lambda = C C' (method.md §6.4). h is overwritten. */
    private gaussianDraw(Co: number, h: Float64Array, out: Float64Array): void {
        const { d, state } = this;
        const rng = this.rngGibbs;
        for (let r = 0; r < d; r++) {
            const ro = Co + ((r * (r + 1)) >> 1);
            let s = h[r];
            for (let c = 0; c < r; c++) s -= state[ro + c] * h[c];
            h[r] = s / state[ro + r];
        }
        const eps = this.eps;
        rng.fillNormal(eps, 0, d);
        for (let r = 0; r < d; r++) h[r] += eps[r];
        for (let r = d - 1; r >= 0; r--) {
            let s = h[r];
            for (let c = r + 1; c < d; c++) s -= state[Co + ((c * (c + 1)) >> 1) + r] * out[c];
            out[r] = s / state[Co + ((r * (r + 3)) >> 1)];
        }
    }

    /** Fill `prec` (length d) with the prior precision of stick j's coordinates in the particle at `base`. */
    private stickPrecisions(base: number, j: number, prec: Float64Array): void {
        const d = this.d;
        const state = this.state;
        const shrunkOf = this.shrunkOf;
        const fixed = this.stickFixedPrecision;
        const lamOff = base + this.layout.lambda2Off;
        const invTau2 = this.horseshoe ? 1 / state[base + this.layout.tauOff] : 0;
        for (let c = 0; c < d; c++) {
            const m = shrunkOf[j * d + c];
            prec[c] = m < 0 ? fixed[j * d + c] : invTau2 / state[lamOff + m];
        }
    }

    /**
     * Redraw phi_j | P_j, r_j, prior (method.md §1.5, §6.4) from the maintained factor
     * C_j C_j' = D^-1 + P_j: phi = C^-T (C^-1 h + eps), h = D^-1 mu + r_j.
     */
    private drawStick(base: number, j: number, t: number): void {
        const d = this.d;
        const prec = this.w;
        const so = base + this.layout.sticksOff + j * this.layout.stickStride;
        this.stickPrecisions(base, j, prec);
        this.rngGibbs.fillNormal(this.sweepEps, j * d, d);
        if (this.stickDraw(this.state, so, prec, this.stickMean, this.sweepEps, j * d) !== 1) {
            throw new NumericalError('gate coefficient', t, `stick ${j + 1}`);
        }
    }

    /** Cholesky with jitter (method.md §6.3) for a gate precision whose plain factorisation failed. */
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
     * Full refresh (method.md §2.3 step 10, every `sweepEvery` steps): horseshoe Gibbs sweep
     * (§2.6), refactorisation C_k = chol(D_k^-1 + P_k) and redraw of every stick.
     */
    private sweepParticle(base: number, t: number): void {
        const lay = this.layout;
        if (this.horseshoe) {
            this.rngGibbs.fillExponential(this.exps, 0, this.exps.length);
            this.clamps += horseshoeSweep(this.rngGibbs, this.hsScales, this.state, base, this.shrunkPhiIndex, lay.lambda2Off, lay.nuOff, lay.tauOff, this.exps);
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
        const { d, state, shrunkOf } = this;
        const lay = this.layout;
        const sticks = this.K - 1;
        const fixed = this.stickFixedPrecision;
        const prec = this.w;
        const eps = this.sweepEps;
        this.rngGibbs.fillNormal(eps, 0, sticks * d);
        const lamOff = base + lay.lambda2Off;
        const invTau2 = 1 / state[base + lay.tauOff];
        for (let j = 0; j < sticks; j++) {
            const so = base + lay.sticksOff + j * lay.stickStride;
            const jd = j * d;
            for (let c = 0; c < d; c++) {
                const m = shrunkOf[jd + c];
                prec[c] = m < 0 ? fixed[jd + c] : invTau2 / state[lamOff + m];
            }
            let status = this.stickRedraw(state, so, prec, this.stickMean, eps, jd);
            if (status === 0) {
                this.refactorWithJitter(so, prec, t, j);
                status = this.stickDraw(state, so, prec, this.stickMean, eps, jd);
            }
            if (status !== 1) throw new NumericalError('gate coefficient', t, `stick ${j + 1}`);
        }
    }

    /** Renumber the live component ids 0..c-1 (order of first appearance) and forget cached predictives. */
    private renumberComponents(): void {
        const { componentId, idRemap } = this;
        idRemap.fill(-1);
        let c = 0;
        for (let p = 0; p < componentId.length; p++) {
            const id = componentId[p];
            if (idRemap[id] < 0) idRemap[id] = c++;
            componentId[p] = idRemap[id];
        }
        this.nextComponentId = c;
        this.predictiveStamp.fill(-1);
        this.updateStamp.fill(-1);
    }

    /**
     * Turn ancestor indices into in-place copies: particle i keeps its slot when it has an
     * offspring; its extra offspring overwrite, in order, the slots of particles with none.
     * Writes each slot's ancestor to `slotAncestor`.
     */
    private copyOffspringInPlace(): void {
        const { N, K, state, ancestors, offspring, componentId } = this;
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
                componentId.copyWithin(dead * K, i * K, i * K + K);
                if (this.move) {
                    const n = this.opts.observations;
                    this.history.copyWithin(dead * n, i * n, i * n + this.stepsDone);
                }
                dead++;
            }
        }
    }
}
