import type { NigPrior } from '../plan/types.js';
import { NumericalError } from '../errors.js';
import { nigInit, studentTConstantTable } from '../experts/nig-expert.js';
import type { ParticleLayout } from './particle-layout.js';
import type { SharedBlocks } from './shared-blocks.js';
import { nigPredictiveKernel, type NigPredictiveKernel } from './kernels/nig-predictive.js';
import { nigUpdateKernel, type NigUpdateKernel } from './kernels/nig-update.js';

/**
 * The Gaussian expert family of the particle filter (docs/method.md §1.2, §2.3 steps 2 and 8): NIG
 * statistics integrated out, a Student-t one-step predictive per distinct block and a rank-one
 * update, both through the shared-block cache.
 */
export class GaussianExperts {
    readonly a0: number;
    /**
     * Student-t constants by count (experts/nig-expert.ts); under forgetting, where counts are
     * fractional, by block id instead, filled each step by forgetting.ts.
     */
    readonly tTable: Float64Array;
    readonly predictive: NigPredictiveKernel;
    private readonly updateKernel: NigUpdateKernel;
    /** [y_t, a0]: numbers handed to the kernels in an array (see kernels/nig-predictive.ts). */
    readonly ya: Float64Array;

    constructor(
        d: number,
        private readonly prior: NigPrior,
        observations: number,
        private readonly layout: ParticleLayout,
        private readonly state: Float64Array,
        private readonly blocks: SharedBlocks,
        constantsById = false
    ) {
        this.a0 = prior.shape;
        this.tTable = constantsById
            ? new Float64Array(blocks.predictiveValue.length)
            : studentTConstantTable(this.a0, observations + 1);
        this.predictive = nigPredictiveKernel(d, constantsById);
        this.updateKernel = nigUpdateKernel(d);
        this.ya = Float64Array.of(0, this.a0);
    }

    /** Expert block at `eo` at the prior. */
    init(eo: number): void {
        nigInit(this.state, eo, this.layout.nig, this.prior);
    }

    /** Student-t log predictive of every expert of the particle at `base`, added to zProb[lp + k]; blocks ids at lp + k. */
    addLogPredictives(base: number, lp: number, X: Float64Array, xOff: number, y: number, zProb: Float64Array): void {
        const { state, tTable, ya, predictive } = this;
        const { id, predictiveStamp, predictiveValue, stamp } = this.blocks;
        const K = this.layout.K;
        ya[0] = y;
        const es = this.layout.expertStride;
        for (let k = 0; k < K; k++) {
            const bid = id[lp + k];
            if (predictiveStamp[bid] === stamp) {
                zProb[lp + k] += predictiveValue[bid];
                continue;
            }
            predictive(state, base + k * es, X, xOff, ya, tTable, predictiveValue, bid);
            predictiveStamp[bid] = stamp;
            zProb[lp + k] += predictiveValue[bid];
        }
    }

    /** Rank-one NIG update of block `ci` (particle, expert) at `eo`, or a copy of the same update done this step. */
    update(ci: number, eo: number, X: Float64Array, xOff: number, y: number, t: number): void {
        if (this.blocks.reuseUpdate(ci, this.state, eo, this.layout.expertStride)) return;
        this.ya[0] = y;
        if (this.updateKernel(this.state, eo, X, xOff, this.ya, 0) !== 1)
            throw new NumericalError('expert noise scale b', t);
        this.blocks.recordUpdate(ci, eo);
    }
}
