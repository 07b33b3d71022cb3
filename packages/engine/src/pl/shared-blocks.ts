/**
 * Sharing of expert statistics between particles. Resampling copies whole particle blocks and a
 * particle then changes one expert per step, so most (particle, expert) blocks are bit-identical
 * copies of a few; their log predictive at x_t is identical too and is computed once per step
 * per distinct block. `id[i * K + k]` names the block (copied with the particle, renewed when
 * the expert is updated); `predictiveStamp[id]` says at which step `predictiveValue[id]` was
 * computed. Ids stay below N (K + 16): when fresh ids would run out, the live ones are
 * renumbered 0..c-1 (c <= N K), at most every 16 steps.
 */
export class SharedBlocks {
    readonly id: Int32Array;
    readonly predictiveStamp: Int32Array;
    readonly predictiveValue: Float64Array;
    /** exp(predictiveValue - M) for the blocks computed this step, and their ids (filter's `weighGaussian`). */
    readonly predictiveExp: Float64Array;
    readonly touched: Int32Array;
    private readonly idRemap: Int32Array;
    /** Per old id: the step at which a block with that id was updated, the new id and where the result is. */
    private readonly updateStamp: Int32Array;
    private readonly updateTo: Int32Array;
    private readonly updateFrom: Int32Array;
    private nextId: number;
    stamp = 0;

    constructor(
        private readonly N: number,
        private readonly K: number
    ) {
        const ids = N * (K + 16);
        // Every particle starts with its experts at the prior: expert k has one shared block.
        this.id = new Int32Array(N * K);
        for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) this.id[i * K + k] = k;
        this.nextId = K;
        this.predictiveStamp = new Int32Array(ids).fill(-1);
        this.predictiveValue = new Float64Array(ids);
        this.predictiveExp = new Float64Array(ids);
        this.touched = new Int32Array(N * K);
        this.idRemap = new Int32Array(ids);
        this.updateStamp = new Int32Array(ids).fill(-1);
        this.updateTo = new Int32Array(ids);
        this.updateFrom = new Int32Array(ids);
    }

    /** A new step: cached values of earlier steps no longer count; renumber when ids would run out. */
    beginStep(): void {
        this.stamp++;
        if (this.nextId + this.N > this.predictiveStamp.length) this.renumber();
    }

    /** Particle `to` becomes a copy of particle `from`: its blocks share their ids. */
    copyParticle(to: number, from: number): void {
        const K = this.K;
        this.id.copyWithin(to * K, from * K, from * K + K);
    }

    /** Blocks that may all differ (after a move): every block its own id, nothing cached. */
    separateAll(): void {
        const ids = this.id;
        for (let p = 0; p < ids.length; p++) ids[p] = p;
        this.nextId = ids.length;
        this.predictiveStamp.fill(-1);
        this.updateStamp.fill(-1);
    }

    /**
     * Before updating block `ci` (at `eo` in `state`, `size` numbers): the update is a
     * deterministic function of the block and (x_t, y_t), so when a block with the same id was
     * already updated this step (typically a copy from the same resampling), copy its result,
     * keep one id and return true: the same numbers, and one predictive fewer at the next step.
     */
    reuseUpdate(ci: number, state: Float64Array, eo: number, size: number): boolean {
        const old = this.id[ci];
        if (this.updateStamp[old] !== this.stamp) return false;
        const from = this.updateFrom[old];
        state.copyWithin(eo, from, from + size);
        this.id[ci] = this.updateTo[old];
        return true;
    }

    /** After updating block `ci` in place at `eo`: give it a fresh id and record where the result is. */
    recordUpdate(ci: number, eo: number): void {
        const old = this.id[ci];
        const id = this.nextId++;
        this.id[ci] = id;
        this.updateStamp[old] = this.stamp;
        this.updateTo[old] = id;
        this.updateFrom[old] = eo;
    }

    /** Renumber the live ids 0..c-1 (order of first appearance) and forget cached predictives. */
    private renumber(): void {
        const { id, idRemap } = this;
        idRemap.fill(-1);
        let c = 0;
        for (let p = 0; p < id.length; p++) {
            const v = id[p];
            if (idRemap[v] < 0) idRemap[v] = c++;
            id[p] = idRemap[v];
        }
        this.nextId = c;
        this.predictiveStamp.fill(-1);
        this.updateStamp.fill(-1);
    }
}
