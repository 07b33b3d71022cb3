import type { Dataset } from '../data/dataset.js';
import type { Interval, PredictiveSummary } from '../result/types.js';
import { NumericalError } from '../errors.js';
import { gateProbabilitiesRowsKernel, type GateProbabilitiesRowsKernel } from './kernels/gate-probabilities-rows.js';
import { centralInterval } from '../predictive/mixture.js';
import { PredictiveScores, levelKey } from '../predictive/scores.js';
import { StudentTMixture, sortedByNu } from '../predictive/student-t-mixture.js';
import { studentTCdfTable, type StudentTCdfTable } from '../special/student-t-table.js';
import { logGamma } from '../special/log-gamma.js';
import { locateComponentsKernel, type LocateComponentsKernel } from './kernels/locate-components.js';
import { distinctExpertComponents, type ExpertComponents } from './expert-components.js';
import type { ParticlePopulation } from './population.js';

/**
 * Held-out predictive of a weighted particle population (docs/method.md §3):
 * p(y | x) = sum_i W_i sum_k pi_k(x; phi_i) t_{2a_ik}(y; x'm_ik, b_ik (1 + x'Lambda_ik^-1 x)/a_ik)
 * for Gaussian experts; for Bernoulli experts P(y = 1 | x) = sum_i W_i sum_k pi_k sigma(x'beta_ik).
 *
 * A pooled posterior (several filters, weights w_r) has p(y | x) = sum_r w_r p_r(y | x), so its
 * CDF at the observed y, its density and its mean are the w-weighted sums of each filter's:
 * `rowPredictives` computes those per filter, `pooledPredictive` combines them and scores
 * coverage from the pooled CDF (the probability integral transform). Only the interval end
 * points of the rows kept for plotting need the pooled mixture itself, and it is assembled from
 * the components the filters located while scoring the row.
 *
 * Filters' evidences typically differ by tens of log units, so most pooled weights w_r are below
 * 1e-14 of the largest. Such a filter is left out of a row when its contributions are provably
 * below NEGLIGIBLE of what is kept: to the CDF at most w_r; to the density at most w_r P_r, P_r the
 * largest peak density of its components (t_nu(0) sqrt(a / b): the scale only grows with x); to
 * the mean at most w_r |x| max_c |m_c|. A row where a bound fails gets the filter's exact terms.
 */

/** Rows weighed together per particle (pl/kernels/gate-probabilities-rows.ts): 16 x G weights stay in cache. */
const ROW_BLOCK = 16;

/** Relative size below which a filter's share of a pooled held-out number is left out. */
export const NEGLIGIBLE = 1e-14;

/** A Student-t mixture's components side by side, as `StudentTMixture.assign` takes them. */
interface MixtureParts {
    w: Float64Array;
    mu: Float64Array;
    s2: Float64Array;
    nu: Float64Array;
    tables: StudentTCdfTable[];
    order: Int32Array;
}

/** Per held-out row: the predictive's CDF at the observed y, log density at y, and mean. */
export interface RowPredictives {
    cdf: Float64Array;
    logDensity: Float64Array;
    mean: Float64Array;
}

/**
 * Builds the predictive mixture of a population at one design row. What does not depend on the
 * row is prepared once per population: the distinct expert blocks (expert-components.ts), each
 * block's degrees of freedom, t table and place in the mixture's order; the mixture object is
 * refilled row after row (valid until the next `at`).
 */
class MixtureAtRow {
    private readonly comps: ExpertComponents | undefined;
    /**
     * Gate probabilities in linear space (the filter's numbers: a product that underflows only
     * below 1e-304) of one particle at up to ROW_BLOCK rows, into `pi` (ROW_BLOCK x K).
     */
    private readonly gate: GateProbabilitiesRowsKernel;
    private readonly pi: Float64Array;
    /**
     * Every particle's stick coefficients phi, side by side ((K - 1) d per particle): the kernel
     * reads them for every particle at every row, and in the state they lie on K - 1 cache lines
     * a particle's stride (about 10 kB) apart.
     */
    private readonly phi: Float64Array;
    /**
     * Gaussian experts: the component weights of a block of consecutive rows (ROW_BLOCK x G),
     * weighed particle by particle, so each particle's sticks are loaded once per block; rows
     * [blockFrom, blockFrom + blockRows d) of `blockOf`, d apart.
     */
    private readonly cwBlock: Float64Array;
    private blockOf: Float64Array | undefined;
    private blockFrom = 0;
    private blockRows = 0;
    private readonly cw: Float64Array;
    private readonly cmu: Float64Array;
    private readonly cs2: Float64Array;
    private readonly cnu: Float64Array;
    /** x'm and b (1 + x'Lambda^-1 x) / a of every weighed component into cmu, cs2 (the blocks' copy in `blocks`). */
    private readonly locate: LocateComponentsKernel;
    private readonly order: Int32Array;
    private readonly blockStride: number;
    private readonly blocks: Float64Array;
    /** NIG shape a = a0 + n/2 of each component. */
    private readonly ca: Float64Array;
    /** Per component: the t density's constant exp(logNorm), (nu + 1) / 2 and 1 / nu (`scoreAt`). */
    private readonly cnorm: Float64Array;
    private readonly chalf: Float64Array;
    private readonly cinvNu: Float64Array;
    private readonly terms: Float64Array;
    private readonly tables: StudentTCdfTable[];
    private readonly mixture: StudentTMixture;

    constructor(private readonly population: ParticlePopulation) {
        const { K, d, layout } = population;
        this.comps = layout.family === 'gaussian' ? distinctExpertComponents(population) : undefined;
        const G = this.comps?.count ?? 0;
        this.pi = new Float64Array(ROW_BLOCK * K);
        this.cwBlock = new Float64Array(G > 0 ? ROW_BLOCK * G : 0);
        const sticks = K - 1;
        this.phi = new Float64Array(population.N * sticks * d);
        for (let i = 0; i < population.N; i++) {
            for (let j = 0; j < sticks; j++) {
                const so = i * layout.stride + layout.sticksOff + j * layout.stickStride + layout.stickPhi;
                this.phi.set(population.state.subarray(so, so + d), (i * sticks + j) * d);
            }
        }
        this.gate = gateProbabilitiesRowsKernel(d, sticks);
        this.cw = new Float64Array(G);
        this.cmu = new Float64Array(G);
        this.cs2 = new Float64Array(G);
        this.cnu = new Float64Array(G);
        this.locate = locateComponentsKernel(d);
        const comps = this.comps;
        const a0 = population.priorShape;
        for (let c = 0; c < G; c++) this.cnu[c] = 2 * (a0 + 0.5 * population.state[comps!.offset[c] + layout.nig.n]);
        // Each component's L, m, b and 1 / diag(L) side by side (the blocks lie a particle's stride
        // apart in the state), the layout of kernels/locate-components.ts.
        const T = (d * (d + 1)) >> 1;
        this.blockStride = T + 2 * d + 1;
        this.blocks = new Float64Array(G * this.blockStride);
        this.ca = new Float64Array(G);
        this.terms = new Float64Array(G);
        const nl = layout.nig;
        for (let c = 0; c < G; c++) {
            const eo = comps!.offset[c];
            const bo = c * this.blockStride;
            this.blocks.set(population.state.subarray(eo + nl.L, eo + nl.L + T), bo);
            this.blocks.set(population.state.subarray(eo + nl.m, eo + nl.m + d), bo + T);
            this.blocks[bo + T + d] = population.state[eo + nl.b];
            this.blocks.set(population.state.subarray(eo + nl.dinv, eo + nl.dinv + d), bo + T + d + 1);
            this.ca[c] = a0 + 0.5 * population.state[eo + nl.n];
        }
        this.order = sortedByNu(this.cnu, G);
        this.tables = Array.from(this.cnu, nu => studentTCdfTable(nu));
        this.cnorm = Float64Array.from(this.tables, table => Math.exp(table.logNorm));
        this.chalf = Float64Array.from(this.cnu, nu => 0.5 * (nu + 1));
        this.cinvNu = Float64Array.from(this.cnu, nu => 1 / nu);
        this.mixture = new StudentTMixture(this.cw, this.cmu, this.cs2, this.cnu, 0);
    }

    get gaussian(): boolean {
        return this.comps !== undefined;
    }

    /** scoreAt, with Bernoulli experts' numbers written too. */
    scoreRow(X: Float64Array, xo: number, y: number, rows: RowPredictives, t: number): void {
        if (!this.scoreAt(X, xo, y, rows, t)) {
            const p1 = this.bernoulliP1;
            rows.cdf[t] = y > 0.5 ? 1 : 1 - p1;
            rows.logDensity[t] = Math.log(y > 0.5 ? p1 : 1 - p1);
            rows.mean[t] = p1;
        }
    }

    /** Bernoulli experts: P(y = 1 | x) at the last row weighed. */
    bernoulliP1 = 0;

    /**
     * The weight of every distinct component at row x = X[xo..xo+d), sum_i W_i pi_k(x; phi_i)
     * over the (particle i, expert k) pairs that share it, into `cw`; components below 1e-14 of
     * the largest are set to 0 (they change the CDF by less than G 1e-14). Returns the total of the
     * rest, summed in component order. Bernoulli experts: leaves P(y = 1 | x) in `bernoulliP1`.
     * Particles of weight below 1e-14 / (N^2 K) are skipped (a pooled population's light filters):
     * together they weigh less than 1e-14 / (N K), and the largest component weighs at least
     * 1 / (N K), so they change no weight by more than that cut. Gaussian experts with `ahead`
     * (X unchanged between calls: the held-out stream): the weights of the next ROW_BLOCK rows of
     * X are computed with those of x (`weighBlock`), and a later call for one of them reads them
     * from the block; each weight is summed in the same order either way.
     */
    private weigh(X: Float64Array, xo: number, ahead = false): number {
        const comps = this.comps;
        if (!comps) {
            this.bernoulliP1 = this.bernoulliAt(X, xo);
            return 0;
        }
        const { d } = this.population;
        const G = comps.count;
        const r = (xo - this.blockFrom) / d;
        const inBlock = ahead && X === this.blockOf && r >= 0 && r < this.blockRows && Number.isInteger(r);
        if (!inBlock) {
            const rows = ahead ? Math.max(1, Math.min(ROW_BLOCK, Math.floor((X.length - xo) / d))) : 1;
            this.weighBlock(X, xo, rows);
            if (!ahead) this.blockOf = undefined;
        }
        const { cw, cwBlock } = this;
        const go = (inBlock ? r : 0) * G;
        let wmax = 0;
        for (let c = 0; c < G; c++) {
            cw[c] = cwBlock[go + c];
            if (cw[c] > wmax) wmax = cw[c];
        }
        let total = 0;
        for (let c = 0; c < G; c++) {
            if (cw[c] < 1e-14 * wmax) cw[c] = 0;
            else if (cw[c] > 0) total += cw[c];
        }
        return total;
    }

    /** Particles light enough to skip (see `weigh`). */
    private get skipBelow(): number {
        const { N, K } = this.population;
        return 1e-14 / (N * N * K);
    }

    /** The unthresholded component weights of `count` rows of X from xo on into `cwBlock`. */
    private weighBlock(X: Float64Array, xo: number, count: number): void {
        const { N, K, d, W } = this.population;
        const { pi, cwBlock, phi } = this;
        const { count: G, componentOf } = this.comps!;
        const stride = (K - 1) * d;
        const skipBelow = this.skipBelow;
        cwBlock.fill(0, 0, count * G);
        for (let i = 0; i < N; i++) {
            const wi = W[i];
            if (wi < skipBelow) continue;
            this.gate(phi, i * stride, X, xo, count, pi);
            const co = i * K;
            for (let r = 0; r < count; r++) {
                const go = r * G;
                const po = r * K;
                for (let k = 0; k < K; k++) cwBlock[go + componentOf[co + k]] += wi * pi[po + k];
            }
        }
        this.blockOf = X;
        this.blockFrom = xo;
        this.blockRows = count;
    }

    /** Bernoulli experts: P(y = 1 | x) = sum_i W_i sum_k pi_k sigma(x'beta_ik) at x = X[xo..xo+d). */
    private bernoulliAt(X: Float64Array, xo: number): number {
        const { N, K, d, state, W, layout: lay } = this.population;
        const { pi, phi } = this;
        const stride = (K - 1) * d;
        const skipBelow = this.skipBelow;
        let p1 = 0;
        for (let i = 0; i < N; i++) {
            if (W[i] < skipBelow) continue;
            this.gate(phi, i * stride, X, xo, 1, pi);
            const base = i * lay.stride;
            for (let k = 0; k < K; k++) {
                const wk = W[i] * pi[k];
                const bo = base + k * lay.expertStride + lay.bernoulli.beta;
                let eta = 0;
                for (let c = 0; c < d; c++) eta += X[xo + c] * state[bo + c];
                p1 += wk * (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));
            }
        }
        return p1;
    }

    /**
     * Gaussian experts: the Student-t mixture at row x = X[xo..xo+d) (valid until the next call).
     * Bernoulli experts: returns undefined and leaves P(y = 1 | x) in `bernoulliP1`.
     */
    at(X: Float64Array, xo: number): StudentTMixture | undefined {
        this.weigh(X, xo);
        const comps = this.comps;
        if (!comps) return undefined;
        const cw = this.cw;
        this.locate(this.blocks, this.ca, cw, comps.count, X, xo, this.cmu, this.cs2);
        return this.mixture.assign(cw, this.cmu, this.cs2, this.cnu, comps.count, this.order, this.tables);
    }

    /**
     * The mixture's CDF and log density at y and its mean, into rows[t], in one pass over the
     * components, without filling the mixture. The density is summed in linear space, each
     * component's w exp(logNorm) / s (1 + u^2/nu)^-(nu+1)/2 taking one log1p and one exp (the
     * mixture's `logDensity` takes two logs more); when the sum is not safely inside the double
     * range (below 1e-280, where a term that underflowed could matter), the row is redone in log
     * space. Either way the result is the mixture's log density up to rounding.
     * Returns false for Bernoulli experts (nothing written; `bernoulliP1` set).
     */
    scoreAt(X: Float64Array, xo: number, y: number, rows: RowPredictives, t: number): boolean {
        const total = this.weigh(X, xo, true);
        const comps = this.comps;
        if (!comps) return false;
        const { cw, cmu, cs2, order, tables, cnorm, chalf, cinvNu } = this;
        const inv = 1 / total;
        this.inv = inv;
        this.locate(this.blocks, this.ca, cw, comps.count, X, xo, cmu, cs2);
        let f = 0;
        let m1 = 0;
        let dens = 0;
        for (let o = 0; o < comps.count; o++) {
            const c = order[o];
            if (!(cw[c] > 0)) continue;
            const w = cw[c] * inv;
            const mu = cmu[c];
            const is = 1 / Math.sqrt(cs2[c]);
            const u = (y - mu) * is;
            m1 += w * mu;
            f += w * tables[c].cdf(u);
            dens += w * cnorm[c] * is * Math.exp(-chalf[c] * Math.log1p(u * u * cinvNu[c]));
        }
        rows.cdf[t] = f;
        rows.logDensity[t] = dens > 1e-280 && dens < Infinity ? Math.log(dens) : this.logDensityInLogSpace(y, inv);
        rows.mean[t] = m1;
        return true;
    }

    /** 1 / the total weight of the last `scoreAt`'s row. */
    private inv = 0;

    /** Number of distinct components (0 for Bernoulli experts). */
    get count(): number {
        return this.comps?.count ?? 0;
    }

    /**
     * The components located by the last `scoreAt`, in order of nu, with weights scale w_c / total
     * (0 for those it left out), into w, mu, s2, nu, tables and the identity order from `at` on;
     * returns the next free slot.
     */
    located(scale: number, into: MixtureParts, at: number): number {
        const { cw, cmu, cs2, cnu, order, tables } = this;
        const f = scale * this.inv;
        for (let o = 0; o < this.count; o++, at++) {
            const c = order[o];
            into.w[at] = cw[c] > 0 ? f * cw[c] : 0;
            into.mu[at] = cmu[c];
            into.s2[at] = cs2[c];
            into.nu[at] = cnu[c];
            into.tables[at] = tables[c];
            into.order[at] = at;
        }
        return at;
    }

    /** log sum_c w_c t_c(y) by log-sum-exp over the components located by the last `scoreAt`. */
    private logDensityInLogSpace(y: number, inv: number): number {
        const { cw, cmu, cs2, cnu, order, tables, terms } = this;
        let max = -Infinity;
        let n = 0;
        for (let o = 0; o < order.length; o++) {
            const c = order[o];
            if (!(cw[c] > 0)) continue;
            const nu = cnu[c];
            const u = (y - cmu[c]) / Math.sqrt(cs2[c]);
            const lt =
                Math.log(cw[c] * inv) +
                (tables[c].logNorm - 0.5 * Math.log(cs2[c])) -
                0.5 * (nu + 1) * Math.log1p((u * u) / nu);
            terms[n++] = lt;
            if (lt > max) max = lt;
        }
        if (max === -Infinity) return -Infinity;
        let s = 0;
        for (let j = 0; j < n; j++) s += Math.exp(terms[j] - max);
        return max + Math.log(s);
    }
}

/**
 * The predictive of one population at held-out rows [from, to) (CDF and log density at the
 * observed y, mean), row t at t - from. Each row's numbers depend on that row only, so rows
 * scored in pieces (on several threads: parallel/held-out-task.ts) equal rows scored at once.
 */
export function rowPredictives(population: ParticlePopulation, test: Dataset, from = 0, to = test.n): RowPredictives {
    const rows = emptyRows(to - from);
    const builder = new MixtureAtRow(population);
    for (let t = from; t < to; t++) {
        builder.scoreRow(test.X, t * test.d, test.y[t], rows, t - from);
        if (!Number.isFinite(rows.mean[t - from]))
            throw new NumericalError('predictive mean', t, `held-out stream ${test.name}`);
    }
    return rows;
}

function emptyRows(n: number): RowPredictives {
    return { cdf: new Float64Array(n), logDensity: new Float64Array(n), mean: new Float64Array(n) };
}

/** A filter whose weight is below NEGLIGIBLE of the largest: its bounds, and its rows scored when a bound fails (by a builder made then). */
interface LeftOut {
    r: number;
    peak: number;
    meanNorm: number;
    rows: RowPredictives;
}

/**
 * Bounds of a population's predictive at any row: its density is at most `peak`, the largest
 * t_nu(0) sqrt(a / b) of its expert blocks (the scale sqrt(b (1 + q) / a) only grows with x),
 * and |mean at x| at most |x| `meanNorm`, the largest |m| (Euclidean). 1 and 1 for Bernoulli
 * experts (a probability, and a mean in [0, 1]).
 */
function predictiveBounds(population: ParticlePopulation): { peak: number; meanNorm: number } {
    const { N, K, d, state, layout: lay } = population;
    if (lay.family !== 'gaussian') return { peak: 1, meanNorm: 1 };
    const nl = lay.nig;
    let peak = 0;
    let meanNorm = 0;
    for (let i = 0; i < N; i++) {
        for (let k = 0; k < K; k++) {
            const eo = i * lay.stride + k * lay.expertStride;
            const a = population.priorShape + 0.5 * state[eo + nl.n];
            const logNorm = logGamma(a + 0.5) - logGamma(a) - 0.5 * Math.log(2 * a * Math.PI);
            peak = Math.max(peak, Math.exp(logNorm) * Math.sqrt(a / state[eo + nl.b]));
            let m2 = 0;
            for (let r = 0; r < d; r++) m2 += state[eo + nl.m + r] ** 2;
            meanNorm = Math.max(meanNorm, Math.sqrt(m2));
        }
    }
    return { peak, meanNorm };
}

/**
 * Scores of the pooled predictive sum_r weights[r] p_r of the filters' populations (see the
 * bounds above for the filters left out), row after row, each filter's builder scoring the row
 * in turn. The interval end points of the rows kept for plotting come from the pooled mixture of
 * the components the filters scored at that row located (`PooledRowMixture`): the gate and the
 * components are evaluated once per row and filter.
 *
 * `scoredRows[r]`, when given for a filter that weighs (`weighingFilters`), holds its
 * `rowPredictives` at every row, computed elsewhere (on other threads); the filter is then
 * scored here only at the rows kept for plotting, whose interval end points need its
 * components. The result is the same bit for bit.
 */
export function pooledPredictive(
    populations: readonly ParticlePopulation[],
    weights: readonly number[],
    test: Dataset,
    levels: number[],
    maxPoints?: number,
    scoredRows?: readonly (RowPredictives | undefined)[]
): PredictiveSummary {
    const scores = new PredictiveScores(levels, test.n, maxPoints);
    const logW = weights.map(w => Math.log(w));
    const R = populations.length;
    const kept = weighingFilters(weights);
    const given = kept.map((k, r) => k && scoredRows?.[r] !== undefined);
    for (let r = 0; r < R; r++) {
        if (given[r] && scoredRows![r]!.cdf.length !== test.n)
            throw new RangeError(
                `filter ${r + 1}: ${scoredRows![r]!.cdf.length} scored rows for ${test.n} held-out rows`
            );
    }
    const builders = populations.map((p, r) => (kept[r] && !given[r] ? new MixtureAtRow(p) : undefined));
    const rows: (RowPredictives | undefined)[] = kept.map((k, r) =>
        given[r] ? scoredRows![r] : k ? emptyRows(test.n) : undefined
    );
    let replay: RowPredictives | undefined;
    const leftOut: LeftOut[] = [];
    for (let r = 0; r < R; r++) {
        if (kept[r] || !(weights[r] > 0)) continue;
        leftOut.push({ r, ...predictiveBounds(populations[r]), rows: emptyRows(test.n) });
    }
    const gaussian = populations[0].layout.family === 'gaussian';
    const pooledRow = new PooledRowMixture();
    const scored = new Array<boolean>(R);
    for (let t = 0; t < test.n; t++) {
        const y = test.y[t];
        const xo = t * test.d;
        for (let r = 0; r < R; r++) {
            scored[r] = kept[r];
            if (!kept[r] || given[r]) continue;
            builders[r]!.scoreRow(test.X, xo, y, rows[r]!, t);
            if (!Number.isFinite(rows[r]!.mean[t]))
                throw new NumericalError('predictive mean', t, `held-out stream ${test.name}`);
        }
        let { cdf, mean, logDensity } = pooledAt(rows, scored, weights, logW, t);
        if (leftOut.length > 0) {
            let xn = 0;
            for (let c = 0; c < test.d; c++) xn += test.X[xo + c] ** 2;
            xn = Math.sqrt(xn);
            let mass = 0;
            let density = 0;
            let meanBound = 0;
            for (const o of leftOut) {
                mass += weights[o.r];
                density += weights[o.r] * o.peak;
                meanBound += weights[o.r] * xn * o.meanNorm;
            }
            const negligible =
                mass <= NEGLIGIBLE &&
                density <= NEGLIGIBLE * Math.exp(logDensity) &&
                meanBound <= NEGLIGIBLE * (1 + Math.abs(mean));
            if (!negligible) {
                for (const o of leftOut) {
                    builders[o.r] ??= new MixtureAtRow(populations[o.r]);
                    builders[o.r]!.scoreRow(test.X, xo, y, o.rows, t);
                    rows[o.r] = o.rows;
                    scored[o.r] = true;
                }
                ({ cdf, mean, logDensity } = pooledAt(rows, scored, weights, logW, t));
            }
        }
        if (!Number.isFinite(mean)) throw new NumericalError('predictive mean', t, `held-out stream ${test.name}`);
        if (gaussian) {
            scores.addFromPit(y, cdf, logDensity, mean, () => {
                // Filters scored elsewhere locate their components at this row now.
                for (let r = 0; r < R; r++) {
                    if (!given[r]) continue;
                    builders[r] ??= new MixtureAtRow(populations[r]);
                    builders[r]!.scoreRow(test.X, xo, y, (replay ??= emptyRows(test.n)), t);
                }
                const mix = pooledRow.at(builders, weights, scored);
                const intervals: Record<string, Interval> = {};
                for (const level of levels) intervals[levelKey(level)] = centralInterval(mix, level);
                return intervals;
            });
        } else {
            const p0 = 1 - mean;
            const intervals: Record<string, Interval> = {};
            for (const level of levels) {
                const alpha = (1 - level) / 2;
                intervals[levelKey(level)] = { lower: p0 >= alpha ? 0 : 1, upper: p0 >= 1 - alpha ? 0 : 1 };
            }
            scores.addScored(y, logDensity, mean, intervals);
        }
    }
    return scores.summary();
}

/**
 * The pooled predictive mixture at one row, sum_r w_r sum_c (w_rc / total_r) t_c, from the
 * components each scored filter's builder located at that row (valid until the next `at`).
 * Equal to the mixture of the pooled population up to rounding and the cuts both make (components
 * below 1e-14 of a filter's largest, filters provably below NEGLIGIBLE).
 */
class PooledRowMixture {
    private readonly parts: MixtureParts = {
        w: new Float64Array(0),
        mu: new Float64Array(0),
        s2: new Float64Array(0),
        nu: new Float64Array(0),
        tables: [],
        order: new Int32Array(0)
    };
    private readonly mixture = new StudentTMixture([], [], [], [], 0);

    at(builders: readonly (MixtureAtRow | undefined)[], weights: readonly number[], scored: readonly boolean[]) {
        let n = 0;
        for (let r = 0; r < builders.length; r++) if (scored[r]) n += builders[r]!.count;
        const parts = this.parts;
        if (n > parts.w.length) {
            parts.w = new Float64Array(n);
            parts.mu = new Float64Array(n);
            parts.s2 = new Float64Array(n);
            parts.nu = new Float64Array(n);
            parts.tables = new Array<StudentTCdfTable>(n);
            parts.order = new Int32Array(n);
        }
        let at = 0;
        for (let r = 0; r < builders.length; r++) if (scored[r]) at = builders[r]!.located(weights[r], parts, at);
        return this.mixture.assign(parts.w, parts.mu, parts.s2, parts.nu, n, parts.order, parts.tables);
    }
}

/** sum_r w_r F_r, sum_r w_r mean_r and log sum_r w_r p_r at row t over the filters marked in `scored`, in filter order. */
function pooledAt(
    rows: readonly (RowPredictives | undefined)[],
    scored: readonly boolean[],
    weights: readonly number[],
    logW: readonly number[],
    t: number
) {
    let cdf = 0;
    let mean = 0;
    let max = -Infinity;
    for (let r = 0; r < rows.length; r++) {
        if (!scored[r]) continue;
        const row = rows[r]!;
        cdf += weights[r] * row.cdf[t];
        mean += weights[r] * row.mean[t];
        max = Math.max(max, logW[r] + row.logDensity[t]);
    }
    let s = 0;
    for (let r = 0; r < rows.length; r++) if (scored[r]) s += Math.exp(logW[r] + rows[r]!.logDensity[t] - max);
    return { cdf, mean, logDensity: max === -Infinity ? -Infinity : max + Math.log(s) };
}

/** Which filters of a pooled posterior enter its held-out predictive row by row: those weighing at least NEGLIGIBLE of the heaviest. */
export function weighingFilters(weights: readonly number[]): boolean[] {
    const wmax = Math.max(...weights);
    return weights.map(w => w >= NEGLIGIBLE * wmax);
}

/** The held-out predictive summary of one population. */
export function particlePredictive(population: ParticlePopulation, test: Dataset, levels: number[]): PredictiveSummary {
    return pooledPredictive([population], [1], test, levels);
}

/** The predictive of a population at any design row (the fitted curve); undefined for Bernoulli experts. */
export function predictiveAtRow(population: ParticlePopulation): (row: Float64Array) => StudentTMixture | undefined {
    const builder = new MixtureAtRow(population);
    return row => builder.at(row, 0);
}
