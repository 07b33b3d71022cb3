/**
 * The particle filter on HSMOE-SYN-10x3 (N particles, K = 10, 5 inputs + intercept, n = 500), as the
 * filter benchmarks run it: built from the benchmark plan with any option overridden, stepped
 * through every observation, timed in CPU seconds of this process (user + system), so that other
 * load on the machine does not count against it; the filter is single-threaded, so CPU seconds
 * are seconds on one core.
 */
import { ParticleLearningFilter, type FilterOptions } from '../../../packages/engine/src/pl/filter.js';
import { hsmoeSyn10x3, plPlan } from '../../../test/engine/helpers/pl-fixtures.js';

export const train = hsmoeSyn10x3(500, 20260114);

export interface FilterRun {
    /** Particle-observations per CPU second, and per wall-clock second. */
    rate: number;
    wallRate: number;
    seconds: number;
    bytes: number;
    logZ: number;
}

export function runBenchmarkFilter(
    particles: number,
    sweepEvery: number,
    seed: number,
    overrides: Partial<FilterOptions> = {}
): FilterRun {
    const plan = plPlan({ particles, sweepEvery, seed });
    if (plan.inference.algorithm !== 'particle-learning' || plan.gate.type !== 'stick-breaking')
        throw new Error('the benchmark plan is not a stick-breaking particle-learning plan');
    const filter = new ParticleLearningFilter({
        particles,
        d: train.d,
        experts: plan.experts,
        gatePrior: plan.gate.prior,
        hasIntercept: true,
        resampling: plan.inference.resampling,
        essThreshold: plan.inference.essThreshold,
        refreshVisitedSticks: plan.inference.refreshVisitedSticks,
        sweepEvery,
        seed,
        observations: train.n,
        ...overrides
    });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let t = 0; t < train.n; t++) filter.step(t, train.X, t * train.d, train.y[t]);
    const cpu = process.cpuUsage(c0);
    const seconds = (cpu.user + cpu.system) / 1e6;
    const wall = (performance.now() - t0) / 1000;
    return {
        rate: (particles * train.n) / seconds,
        wallRate: (particles * train.n) / wall,
        seconds,
        bytes: filter.bytesPerParticle,
        logZ: filter.logZ
    };
}
