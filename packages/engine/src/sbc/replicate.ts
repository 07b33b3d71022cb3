/**
 * One replicate of simulation-based calibration: parameters from the prior, a data set of the
 * model's size on the model's own design, the model's particle-learning fit (its filters one
 * after another on this thread), and the rank of each true quantity among L posterior draws.
 * Every random stream is named after the plan's seed and the replicate, so a replicate gives
 * the same ranks on any thread of any machine.
 */
import type { Dataset } from '../data/dataset.js';
import type { ExecutionPlan } from '../plan/types.js';
import type { RunHooks } from '../run-hooks.js';
import { Rng } from '../random/rng.js';
import { runChain } from '../pl/chain.js';
import { particleLayout } from '../pl/particle-layout.js';
import { StickPrior } from '../pl/stick-prior.js';
import { drawParameters, logLikelihood, simulateTargets } from './generative-model.js';
import { posteriorDraws } from './posterior-draws.js';
import { quantities, rankOf } from './ranks.js';

export interface ReplicateOutcome {
    replicate: number;
    /** Rank of each quantity (quantityNames order) among the L draws, in {0..L}. */
    ranks: number[];
    /** The fit's smallest effective sample size over filters and observations, as a fraction of N. */
    minEssFraction: number;
    seconds: number;
}

/** The seed of replicate r's fit, a 53-bit word from a stream of its own. */
export function replicateSeed(seed: number, replicate: number): number {
    const rng = new Rng(seed, `sbc fit ${replicate}`);
    return rng.nextUint32() * 2097152 + (rng.nextUint32() >>> 11);
}

/**
 * `fitted` is the plan the fit uses (default: the same model); a different one checks that the
 * ranks detect a posterior that is not the generating model's.
 */
export function runReplicate(
    plan: ExecutionPlan,
    design: Dataset,
    replicate: number,
    draws: number,
    hooks: RunHooks = {},
    fitted: ExecutionPlan = plan
): ReplicateOutcome {
    const started = performance.now();
    const seed = plan.inference.seed;
    const { n, d, X } = design;
    const hasIntercept = design.columns[0] === '(intercept)';
    const truth = drawParameters(plan, d, hasIntercept, new Rng(seed, `sbc truth ${replicate}`));
    const y = simulateTargets(X, n, d, truth, new Rng(seed, `sbc data ${replicate}`));
    const data: Dataset = { ...design, y, lines: new Int32Array(0), standardization: undefined };
    const fitPlan: ExecutionPlan = {
        ...fitted,
        inference: { ...fitted.inference, seed: replicateSeed(seed, replicate) }
    };
    const R = plan.inference.algorithm === 'particle-learning' ? plan.inference.chains : 1;
    const outputs = Array.from({ length: R }, (_, r) => runChain(fitPlan, data, r, hooks));

    const K = plan.experts.count;
    const prior = new StickPrior(
        plan.gate.type === 'stick-breaking' ? plan.gate.prior : { kind: 'normal', mean: 0, variance: 1 },
        K,
        d,
        hasIntercept
    );
    const layout = particleLayout(K, d, 'gaussian', prior.shrunk, prior.horseshoe);
    const rng = new Rng(seed, `sbc ranks ${replicate}`);
    const posterior = posteriorDraws(fitted, layout, prior, outputs, draws, rng);
    const trueValues = quantities(truth, logLikelihood(X, y, n, d, truth));
    const drawn = posterior.map(theta => quantities(theta, logLikelihood(X, y, n, d, theta)));
    const ranks = trueValues.map((value, q) =>
        rankOf(
            value,
            drawn.map(v => v[q]),
            rng
        )
    );
    const N = plan.inference.algorithm === 'particle-learning' ? plan.inference.particles : 1;
    const minEss = Math.min(...outputs.map(o => Math.min(...o.trace.essMin)));
    return { replicate, ranks, minEssFraction: minEss / N, seconds: (performance.now() - started) / 1000 };
}
